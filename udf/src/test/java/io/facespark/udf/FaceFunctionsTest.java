package io.facespark.udf;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.SharedSpark;
import io.facespark.testing.SparkTestBase;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.debug.package$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FaceFunctions}: the native expressions, the DataFrame helpers and analysis errors. */
class FaceFunctionsTest extends SparkTestBase {

  private static String table;

  @BeforeAll
  static void writeVectors() {
    FaceFunctions.register(spark);
    table = SharedSpark.workDir().resolve("face-functions-vectors").toString();
    // 64 rows of 16-d pairs, from SQL so the Parquet column is a plain array<float>.
    spark.sql("SELECT id,"
        + " transform(sequence(1, 16), i -> CAST(sin(id * 16 + i) AS FLOAT)) AS a,"
        + " transform(sequence(1, 16), i -> CAST(cos(id * 7 + i) AS FLOAT)) AS b"
        + " FROM range(64)").write().mode("overwrite").parquet(table);
  }

  @Test
  void callsAreCodeGeneratedIntoTheKernel() {
    Dataset<Row> scores = spark.read().parquet(table)
        .selectExpr("cosine_sim(a, b)", "l2_distance(a, b)", "inner_product(a, b)",
            "vector_norm(a)", "l2_normalize(a)");
    String code = package$.MODULE$.codegenString(scores.queryExecution().executedPlan());
    for (String method : List.of("cosineSim", "l2Distance", "innerProduct", "vectorNorm",
        "l2Normalize")) {
      assertThat(code).as("whole-stage code calls the kernel's %s directly", method)
          .contains("io.facespark.udf.catalyst.CatalystVectorFunctions." + method + "(");
    }
  }

  @Test
  void dataFrameHelpersGiveTheSameRowsAsSql() {
    Dataset<Row> vectors = spark.read().parquet(table).orderBy("id");
    List<Row> viaHelpers = vectors.select(
        FaceFunctions.cosineSim(col("a"), col("b")),
        FaceFunctions.l2Distance(col("a"), col("b")),
        FaceFunctions.innerProduct(col("a"), col("b")),
        FaceFunctions.vectorNorm(col("a")),
        FaceFunctions.l2Normalize(col("a"))).collectAsList();
    List<Row> viaSql = vectors.selectExpr("cosine_sim(a, b)", "l2_distance(a, b)",
        "inner_product(a, b)", "vector_norm(a)", "l2_normalize(a)").collectAsList();
    assertThat(viaHelpers).as("64 rows, same values").hasSize(64).isEqualTo(viaSql);
    assertThat(viaHelpers.stream().map(r -> r.getFloat(0)).distinct().count())
        .as("a real computation: the scores differ between rows").isGreaterThan(60);
  }

  @Test
  void constantArgumentsAreFoldedWithTheSameSemantics() {
    // Literal arguments are evaluated once by the optimizer (interpreted, not generated code).
    double expected = Reference.cosine(new double[] {1, 2, 3}, new double[] {4, 5, 6});
    Object folded = scalarSql("SELECT cosine_sim(array(1.0F, 2.0F, 3.0F), array(4.0F, 5.0F, 6.0F))");
    assertThat((double) (Float) folded).isCloseTo(expected,
        VectorFunctionTestBase.closeTo(expected));
    assertThat(scalarSql("SELECT cosine_sim(CAST(array() AS ARRAY<FLOAT>),"
        + " CAST(array() AS ARRAY<FLOAT>))")).as("empty").isNull();
    assertThat(scalarSql("SELECT l2_normalize(CAST(NULL AS ARRAY<FLOAT>))")).as("NULL").isNull();
  }

  @Test
  void resultTypesAreFloatAndArrayOfFloat() {
    List<StructField> fields = List.of(spark.read().parquet(table)
        .selectExpr("cosine_sim(a, b) AS s", "l2_normalize(a) AS u").schema().fields());
    assertThat(fields.get(0).dataType()).isEqualTo(DataTypes.FloatType);
    assertThat(fields.get(0).nullable()).as("NULL elements and zero norms give NULL").isTrue();
    assertThat(fields.get(1).dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
  }

  @Test
  void wrongArgumentTypesFailAtAnalysisNamingTheFunction() {
    assertThatThrownBy(() -> sql("SELECT cosine_sim(array(1, 2), array(1.0F, 2.0F))"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("cosine_sim: argument 1")
        .hasMessageContaining("must be array<float> or array<double> but is array<int>")
        .hasMessageContaining("CAST(");
    assertThatThrownBy(() -> sql("SELECT vector_norm('not a vector')"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("vector_norm: argument 1")
        .hasMessageContaining("but is string");
    assertThatThrownBy(() -> sql("SELECT inner_product(array(1.0F))"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("inner_product takes 2 array arguments but was called with 1");
  }

  @Test
  void describeFunctionShowsTheUsage() {
    String description = sql("DESCRIBE FUNCTION cosine_sim").stream().map(r -> r.getString(0))
        .collect(Collectors.joining("\n"));
    assertThat(description).contains("cosine_sim(a, b) - Cosine similarity");
  }
}
