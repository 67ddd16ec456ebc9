package io.facespark.udf.catalyst;

import io.facespark.udf.VectorFunction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.QueryContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * Turns a call such as {@code cosine_sim(a, b)} into a native, code-generated Catalyst expression:
 * a {@code StaticInvoke} of {@link CatalystVectorFunctions}, the same shape Spark 4.2 uses for its
 * {@code vector_*} built-ins. The argument types are checked here, at analysis time, so a wrong
 * column fails before any stage runs.
 *
 * <p>No implicit casts are requested: casting {@code array<double>} to {@code array<float>} would
 * lose precision, so each argument's element type is passed to the kernel as a constant instead.
 */
public final class VectorExpressionBuilder extends AbstractFunction1<Seq<Expression>, Expression>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final VectorFunction function;

  public VectorExpressionBuilder(VectorFunction function) {
    this.function = function;
  }

  @Override
  public Expression apply(Seq<Expression> arguments) {
    if (arguments.size() != function.arity()) {
      throw analysisError(function.sqlName() + " takes " + function.arity() + " array argument"
          + (function.arity() == 1 ? "" : "s") + " but was called with " + arguments.size()
          + ". Usage: " + function.usage().replace("_FUNC_", function.sqlName()));
    }
    List<Expression> invokeArguments = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      Expression argument = arguments.apply(i);
      invokeArguments.add(argument);
      invokeArguments.add(Literal.create(hasDoubleElements(argument, i + 1), DataTypes.BooleanType));
    }
    DataType resultType = function.returnsArray()
        ? DataTypes.createArrayType(DataTypes.FloatType, false)
        : DataTypes.FloatType;
    List<AbstractDataType> noImplicitCasts = List.of();
    return new StaticInvoke(CatalystVectorFunctions.class, resultType, methodName(function),
        JavaConverters.asScalaBuffer(invokeArguments).toSeq(),
        JavaConverters.asScalaBuffer(noImplicitCasts).toSeq(),
        true, // propagateNull: a NULL array gives NULL
        true, // returnNullable: a NULL element or a zero norm gives NULL too
        true); // deterministic
  }

  private boolean hasDoubleElements(Expression argument, int position) {
    DataType type = argument.dataType();
    if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      if (element.equals(DataTypes.FloatType)) {
        return false;
      }
      if (element.equals(DataTypes.DoubleType)) {
        return true;
      }
    }
    throw analysisError(function.sqlName() + ": argument " + position + " ("
        + argument.sql() + ") must be array<float> or array<double> but is "
        + type.simpleString() + ". Cast it, e.g. CAST(" + argument.sql() + " AS ARRAY<FLOAT>).");
  }

  /** {@code cosine_sim} becomes {@code cosineSim}, the method in CatalystVectorFunctions. */
  static String methodName(VectorFunction function) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : function.sqlName().toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /**
   * An AnalysisException, which is what Spark users see for every other bad function call. It is
   * a checked exception in Java but not in Scala, whose FunctionBuilder signature has no throws
   * clause, so it is rethrown unchecked.
   */
  private static RuntimeException analysisError(String message) {
    scala.collection.immutable.Map<String, String> noParameters =
        scala.collection.immutable.Map$.MODULE$.empty();
    return rethrowUnchecked(new AnalysisException(message, Option.empty(), Option.empty(),
        Option.empty(), Option.empty(), noParameters, new QueryContext[0]));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException rethrowUnchecked(Throwable t) throws T {
    throw (T) t;
  }
}
