package io.facespark.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.platform.NativeThreads;
import io.facespark.testing.SparkTestBase;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
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

  /** Both tasks of the lending test meet here, so each knows the other is running. */
  private static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

  @Test
  void theLastTaskRunningIsLentTheCoresTheFinishedTasksLeftIdle() {
    String environment = System.getenv("OMP_NUM_THREADS");
    // The shared session is local[2]: two tasks at once, then partition 1 alone.
    List<String> seen = spark.range(0, 2, 1, 2).mapPartitions((MapPartitionsFunction<Long, String>) rows -> {
      TaskContext task = TaskContext.get();
      int before = NativeThreads.forThisThread();
      TaskNativeThreads threads = TaskNativeThreads.limit(task);
      BOTH_RUNNING.await(60, TimeUnit.SECONDS);
      threads.rebalance();
      int together = NativeThreads.forThisThread();
      if (task.partitionId() == 0) {
        return List.of("together " + before + " " + together).iterator();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (TaskNativeThreads.running() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(2 * TaskNativeThreads.IDLE_BEFORE_LENDING_NANOS));
      threads.rebalance();
      int alone = NativeThreads.forThisThread();
      return List.of("together " + before + " " + together, "alone " + before + " " + alone).iterator();
    }, Encoders.STRING()).collectAsList();

    assertThat(seen).hasSize(3);
    for (String line : seen) {
      String[] figures = line.split(" ");
      int before = Integer.parseInt(figures[1]);
      int expected = environment != null ? before : line.startsWith("alone") ? 2 : 1;
      assertThat(Integer.parseInt(figures[2])).as("%s (threads before, then while running; OMP_NUM_THREADS=%s)",
          line, environment).isEqualTo(expected);
    }
  }

  @Test
  void localMastersNameTheirCoresAndClusterMastersLendNone() {
    assertThat(TaskNativeThreads.localCores("local")).isEqualTo(1);
    assertThat(TaskNativeThreads.localCores("local[3]")).isEqualTo(3);
    assertThat(TaskNativeThreads.localCores("local[2,4]")).isEqualTo(2);
    assertThat(TaskNativeThreads.localCores("local[*]")).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TaskNativeThreads.localCores("local[*,3]")).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TaskNativeThreads.localCores("spark://host:7077")).isZero();
    assertThat(TaskNativeThreads.localCores("local-cluster[2,1,1024]")).isZero();
    assertThat(TaskNativeThreads.localCores("yarn")).isZero();
  }
}
