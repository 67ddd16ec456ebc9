package io.facespark.udf;

import io.facespark.udf.catalyst.VectorExpressionBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.functions;

/**
 * The facespark vector functions for Spark SQL and the DataFrame API, as native code-generated
 * expressions.
 *
 * <pre>{@code
 * FaceFunctions.register(spark);
 * spark.sql("SELECT p.image_id, g.label, cosine_sim(p.embedding, g.embedding) AS score "
 *     + "FROM probes p CROSS JOIN gallery g");
 * probes.select(FaceFunctions.cosineSim(col("embedding"), col("centroid")));
 * }</pre>
 *
 * <p>Without code, {@code spark.sql.extensions=io.facespark.udf.FaceSparkExtensions} registers
 * the same functions in every session.
 */
public final class FaceFunctions {

  private FaceFunctions() {
  }

  /**
   * Registers {@code cosine_sim}, {@code l2_distance}, {@code inner_product},
   * {@code l2_normalize} and {@code vector_norm} as temporary functions of this session. Calling
   * it again is harmless.
   */
  public static void register(SparkSession spark) {
    FunctionRegistry registry = spark.sessionState().functionRegistry();
    for (VectorFunction function : VectorFunction.values()) {
      registry.registerFunction(identifier(function), info(function),
          new VectorExpressionBuilder(function));
    }
  }

  /** {@code cosine_sim(a, b)}; needs {@link #register} (or the extension) first. */
  public static Column cosineSim(Column a, Column b) {
    return functions.call_function(VectorFunction.COSINE_SIM.sqlName(), a, b);
  }

  /** {@code l2_distance(a, b)}; needs {@link #register} (or the extension) first. */
  public static Column l2Distance(Column a, Column b) {
    return functions.call_function(VectorFunction.L2_DISTANCE.sqlName(), a, b);
  }

  /** {@code inner_product(a, b)}; needs {@link #register} (or the extension) first. */
  public static Column innerProduct(Column a, Column b) {
    return functions.call_function(VectorFunction.INNER_PRODUCT.sqlName(), a, b);
  }

  /** {@code l2_normalize(a)}; needs {@link #register} (or the extension) first. */
  public static Column l2Normalize(Column a) {
    return functions.call_function(VectorFunction.L2_NORMALIZE.sqlName(), a);
  }

  /** {@code vector_norm(a)}; needs {@link #register} (or the extension) first. */
  public static Column vectorNorm(Column a) {
    return functions.call_function(VectorFunction.VECTOR_NORM.sqlName(), a);
  }

  static FunctionIdentifier identifier(VectorFunction function) {
    return FunctionIdentifier.apply(function.sqlName());
  }

  static ExpressionInfo info(VectorFunction function) {
    return new ExpressionInfo(VectorExpressionBuilder.class.getName(), null, function.sqlName(),
        function.usage(), "\n    Arguments are array<float> or array<double>; see the facespark"
        + " udf README for NULL, empty, zero-norm and NaN rules.\n");
  }
}
