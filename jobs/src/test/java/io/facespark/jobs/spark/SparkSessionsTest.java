package io.facespark.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SparkTestBase;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest extends SparkTestBase {

  @Test
  void jobsReuseTheActiveSessionAndGetTheSqlFunctions() {
    SparkSession session = SparkSessions.getOrCreate("facespark-test");

    assertThat(session).as("an already running session is reused, never replaced").isSameAs(spark);
    assertThat(((Number) scalarSql("SELECT cosine_sim(array(3f, 4f), array(4f, 3f))")).doubleValue())
        .isEqualTo(24.0 / 25.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void clusterSessionsGetTheNativeBackendPluginAndKeepTheUsersPlugins() {
    String plugin = NativeBackendPlugin.class.getName();

    assertThat(SparkSessions.withNativeBackendPlugin("")).isEqualTo(plugin);
    assertThat(SparkSessions.withNativeBackendPlugin("com.example.Metrics"))
        .isEqualTo("com.example.Metrics," + plugin);
    assertThat(SparkSessions.withNativeBackendPlugin("com.example.Metrics, " + plugin))
        .as("named once only").isEqualTo("com.example.Metrics, " + plugin);
  }
}
