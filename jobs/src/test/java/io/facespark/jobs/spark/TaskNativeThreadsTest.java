package io.facespark.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.platform.NativeThreads;
import io.facespark.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class TaskNativeThreadsTest extends SparkTestBase {

  @Test
  void aTaskRunsItsNativeKernelsOnTheCoresSparkGaveIt() {
    String environment = System.getenv("OMP_NUM_THREADS");
    // "<threads before> <threads while limited> <the task's cpus>" for each task.
    List<String> seen = spark.range(0, 8, 1, 8).mapPartitions((MapPartitionsFunction<Long, String>) rows -> {
      TaskContext task = TaskContext.get();
      int before = NativeThreads.forThisThread();
      TaskNativeThreads.limit(task);
      int limited = NativeThreads.forThisThread();
      return List.of(before + " " + limited + " " + task.cpus()).iterator();
    }, Encoders.STRING()).collectAsList();

    assertThat(seen).hasSize(8);
    for (String line : seen) {
      String[] figures = line.split(" ");
      int expected = environment == null ? Integer.parseInt(figures[2]) : Integer.parseInt(figures[0]);
      assertThat(Integer.parseInt(figures[1])).as("threads of a limited task (%s; OMP_NUM_THREADS=%s)", line, environment)
          .isEqualTo(expected);
    }
  }

  @Test
  void theTaskThreadGetsItsSettingBackWhenTheTaskEnds() {
    // One task slot's worth of tasks in turn on a single partition each: every later task starts with
    // the value the pool thread had before any limit, because each limit is undone at completion.
    List<Integer> before = spark.range(0, 16, 1, 16).mapPartitions((MapPartitionsFunction<Long, Integer>) rows -> {
      int start = NativeThreads.forThisThread();
      TaskNativeThreads.limit(TaskContext.get());
      return List.of(start).iterator();
    }, Encoders.INT()).collectAsList();

    assertThat(before).as("a task started with a thread count a previous task left behind").containsOnly(
        NativeThreads.forThisThread());
  }
}
