package io.facespark.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageProfileTest extends SparkTestBase {

  @Test
  void recordsEachJobByItsActionAndEachStageWithTheRowsItRead(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("t");
    spark.range(0, 1000, 1, 2).write().parquet(table.toString());
    StageProfile profile = StageProfile.start(spark);
    try {
      spark.sparkContext().setJobDescription("count the rows");
      assertThat(spark.read().parquet(table.toString()).count()).isEqualTo(1000);
      spark.sparkContext().setJobDescription(null);
      spark.read().parquet(table.toString()).groupBy("id").count().collectAsList();
    } finally {
      waitForListeners();
      profile.stop(spark);
    }

    String jobs = profile.jobsTable().toString();
    assertThat(jobs).as("a described job is named by its description").contains("count the rows");
    assertThat(jobs).as("other jobs by the call site of their action").contains("collectAsList at StageProfileTest.java");
    assertThat(profile.jobCount()).isGreaterThanOrEqualTo(2);
    assertThat(profile.jobSeconds()).isPositive();
    assertThat(profile.taskCpuSeconds()).as("the tasks' CPU, at most what their threads could use in the jobs' time")
        .isPositive().isLessThanOrEqualTo(profile.jobSeconds() * spark.sparkContext().defaultParallelism());
    assertThat(profile.stagesTable().toString()).as("the scan stages report the 1000 rows they read")
        .containsPattern("(?m)^\\S+\\s+.*\\s1,000\\s");
  }

  @Test
  void aProfileRegisteredByConfWritesItsTablesWhenTheApplicationEnds(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("profile.txt");
    StageProfile profile = new StageProfile(new SparkConf().set(StageProfile.OUTPUT_CONF, out.toString()));
    spark.sparkContext().addSparkListener(profile);
    try {
      spark.range(0, 10).count();
    } finally {
      waitForListeners();
      spark.sparkContext().removeSparkListener(profile);
    }
    profile.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis()));

    assertThat(Files.readString(out)).contains("spark job", "stage", "count at StageProfileTest.java");
  }

  private void waitForListeners() throws java.util.concurrent.TimeoutException {
    // Listener events are delivered asynchronously; the bus drains within the timeout.
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
  }
}
