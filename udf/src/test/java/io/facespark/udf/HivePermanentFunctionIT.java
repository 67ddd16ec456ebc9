package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.SharedSpark;
import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The Hive path end to end, as a cluster user takes it: the jar's own {@code facespark-functions.sql}
 * (jar location filled in) creates permanent functions in the metastore, and a new session calls
 * them. This JVM's classpath has no facespark main classes (see the failsafe configuration), so
 * they can only come from the jar named in {@code USING JAR}. No facespark main class is
 * referenced here for the same reason.
 */
class HivePermanentFunctionIT extends SparkTestBase {

  private static final String PLACEHOLDER = "hdfs:///libs/facespark-udf.jar";

  @Test
  void functionsCreatedFromTheBuiltJarWorkInANewSession() throws IOException {
    Path jar = Path.of(System.getProperty("facespark.udf.jar"));
    assertThat(jar).as("the packaged jar (run through mvn verify)").isRegularFile();
    assertThatThrownBy(() -> Class.forName("io.facespark.udf.hive.CosineSimilarityUDF"))
        .as("the UDF classes are not on the test classpath, only in the jar")
        .isInstanceOf(ClassNotFoundException.class);

    List<String> statements = createStatements(jar);
    assertThat(statements).as("one CREATE FUNCTION per function").hasSize(5);
    for (String statement : statements) {
      sql(statement.replace(PLACEHOLDER, jar.toUri().toString()).replaceAll(";$", ""));
    }

    String table = SharedSpark.workDir().resolve("permanent-function-vectors").toString();
    spark.sql("SELECT id,"
        + " transform(sequence(1, 128), i -> CAST(sin(id * 128 + i) AS FLOAT)) AS a,"
        + " transform(sequence(1, 128), i -> CAST(cos(id * 3 + i) AS FLOAT)) AS b"
        + " FROM range(50)").write().parquet(table);

    SparkSession fresh = spark.newSession();
    assertThat(fresh.catalog().functionExists("default.cosine_sim"))
        .as("the permanent function is in the metastore").isTrue();
    List<Row> rows = fresh.sql("SELECT a, b, cosine_sim(a, b), l2_distance(a, b),"
        + " inner_product(a, b), vector_norm(a), l2_normalize(a)"
        + " FROM parquet.`" + table + "`").collectAsList();
    assertThat(rows).hasSize(50);
    for (Row row : rows) {
      double[] a = doubles(row.getList(0));
      double[] b = doubles(row.getList(1));
      assertClose(row.getFloat(2), Reference.cosine(a, b), "cosine_sim");
      assertClose(row.getFloat(3), Reference.distance(a, b), "l2_distance");
      assertClose(row.getFloat(4), Reference.dot(a, b), "inner_product");
      assertClose(row.getFloat(5), Reference.norm(a), "vector_norm");
      double[] unit = Reference.normalize(a);
      List<Object> normalized = row.getList(6);
      for (int i = 0; i < unit.length; i++) {
        assertClose((Float) normalized.get(i), unit[i], "l2_normalize");
      }
    }
  }

  private static List<String> createStatements(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile());
        InputStream in = file.getInputStream(file.getEntry("facespark-functions.sql"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> l.startsWith("CREATE FUNCTION")).collect(Collectors.toList());
    }
  }

  private static double[] doubles(List<Object> values) {
    return values.stream().mapToDouble(v -> (Float) v).toArray();
  }

  private static void assertClose(float actual, double expected, String function) {
    assertThat((double) actual).as(function)
        .isCloseTo(expected, VectorFunctionTestBase.closeTo(expected));
  }

}
