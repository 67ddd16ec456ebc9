package io.facespark.jobs.spark;

import io.facespark.core.platform.NativeThreads;
import org.apache.spark.TaskContext;

/**
 * Gives a task's model calls the cores Spark gave the task ({@code spark.task.cpus}), and no more.
 *
 * <p>Why: on a standalone executor Spark itself puts {@code OMP_NUM_THREADS=spark.task.cpus} in the
 * executor's environment (and {@code conf/spark-defaults.conf} sets it), but in local mode the
 * tasks run in the driver's JVM, where OpenMP and ND4J default to every core: {@code local[N]}'s N
 * concurrent tasks then each start N native threads on N cores. Measured with 4 paired cold runs of
 * {@code bin/facespark embed} against the build without this class: 234 LFW images with
 * {@code --detect largest --model mobilefacenet}, 0.87x the wall time and the CPU; 2,000 images
 * with the defaults, 0.99x (no change). An {@code OMP_NUM_THREADS} the process already has is the
 * user's (or Spark's) choice and is left alone.
 */
public final class TaskNativeThreads {

  private TaskNativeThreads() {
  }

  /** Limits the calling task thread for the rest of {@code task}, then puts its setting back. */
  public static void limit(TaskContext task) {
    if (System.getenv("OMP_NUM_THREADS") != null) {
      return;
    }
    int previous = NativeThreads.setForThisThread(task.cpus());
    // Executor threads are pooled: the next task on this thread, maybe not a model's, starts as before.
    task.addTaskCompletionListener((TaskContext done) -> NativeThreads.setForThisThread(previous));
  }
}
