package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SharedSpark;
import io.facespark.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The fixture every Spark test relies on: one local[2] session on loopback with Hive support. */
class SharedSparkTest extends SparkTestBase {

  @Test
  void sessionIsLocalLoopbackWithHive() {
    assertThat(spark.sparkContext().master()).isEqualTo("local[2]");
    assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(spark.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
    assertThat(SharedSpark.session()).as("one session per JVM").isSameAs(spark);
  }

  @Test
  void sqlHelpersRunQueries() {
    assertThat(scalarSql("SELECT %d + 1", 41)).isEqualTo(42);
    assertThat(sql("SELECT id FROM range(3) ORDER BY id")).containsExactly(row(0L), row(1L), row(2L));
  }
}
