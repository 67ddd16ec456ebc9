package io.facespark.jobs.embed;

import io.facespark.core.platform.OpenMpThreads;
import org.apache.spark.TaskContext;

/**
 * Gives each embedding task's model calls its share of the executor's cores: {@code spark.task.cpus}
 * OpenMP threads, as Spark standalone does for a whole executor through {@code OMP_NUM_THREADS}.
 *
 * <p>Why: without it, every concurrent task's forward takes a team the size of the machine (local
 * mode, YARN), so two tasks on two cores run four threads, and a team's barrier can wait for a
 * thread the other team displaced. An {@code OMP_NUM_THREADS} the user set wins. The task
 * thread's previous setting comes back when the task ends: Spark reuses the thread for other work.
 */
final class TaskThreads {

  static final String OMP_ENV = "OMP_NUM_THREADS";

  private TaskThreads() {
  }

  /** Limits the calling task thread's OpenMP team to the task's cores until the task ends. */
  static void shareCores(TaskContext task) {
    String set = System.getenv(OMP_ENV);
    if (set != null && !set.isBlank()) {
      return;
    }
    int before = OpenMpThreads.ofThisThread();
    int share = Math.max(1, task.cpus());
    if (share >= before) {
      return;
    }
    OpenMpThreads.setForThisThread(share);
    task.addTaskCompletionListener((TaskContext ctx) -> OpenMpThreads.setForThisThread(before));
  }
}
