package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.testing.SharedSpark;
import io.facespark.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs one function on rows of vectors through a chosen {@link CallPath}, in a real query over a
 * real Parquet file, and returns the results.
 */
abstract class VectorFunctionTestBase extends SparkTestBase {

  private static final AtomicInteger TABLES = new AtomicInteger();

  /** Results must equal the double-precision reference within 1e-6 (relative above 1). */
  static Offset<Double> closeTo(double expected) {
    return within(1e-6 * Math.max(1, Math.abs(expected)));
  }

  @BeforeAll
  static void registerFunctions() {
    CallPath.registerAll(spark);
  }

  /** Calls the function on a single row of arguments. */
  static Object call(CallPath path, VectorFunction function, Vec... arguments) {
    List<Vec[]> rows = new ArrayList<>();
    rows.add(arguments);
    return callRows(path, function, rows).get(0);
  }

  /** Calls the function on several rows, one result per row, in order. */
  static List<Object> callRows(CallPath path, VectorFunction function, List<Vec[]> rows) {
    Vec[] first = rows.get(0);
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < first.length; i++) {
      String column = "v" + i;
      columns.add(column);
      fields.add(DataTypes.createStructField(column,
          DataTypes.createArrayType(first[i].elementType, true), true));
    }
    List<Row> data = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      Object[] values = new Object[first.length + 1];
      values[0] = r;
      for (int i = 0; i < first.length; i++) {
        values[i + 1] = rows.get(r)[i].elements;
      }
      data.add(RowFactory.create(values));
    }
    // Through a real Parquet file: a query over in-memory rows would be folded by the optimizer
    // (ConvertToLocalRelation) and never reach the generated code users run.
    String table = SharedSpark.workDir().resolve("vectors-" + TABLES.incrementAndGet()).toString();
    spark.createDataFrame(data, DataTypes.createStructType(fields)).write().parquet(table);
    String call = path.nameOf(function) + "(" + String.join(", ", columns) + ")";
    List<Row> result = spark.read().parquet(table).selectExpr("id", call).orderBy("id")
        .collectAsList();
    return result.stream().map(row -> row.isNullAt(1) ? null
            : function.returnsArray() ? toFloats(row.getList(1)) : row.get(1))
        .collect(Collectors.toList());
  }

  /** Asserts the call fails, somewhere in its cause chain, with a message containing each text. */
  static void assertFailsWith(Runnable call, String... texts) {
    assertThatThrownBy(call::run).satisfies(e -> {
      String messages = causeChain(e);
      for (String text : texts) {
        org.assertj.core.api.Assertions.assertThat(messages)
            .as("error message chain names %s", text).contains(text);
      }
    });
  }

  static String causeChain(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static float[] toFloats(List<Object> list) {
    float[] values = new float[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (Float) list.get(i);
    }
    return values;
  }
}
