package io.facespark.jobs.spark;

import io.facespark.core.platform.NativeThreads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Gives a task's model calls the cores Spark gave the task ({@code spark.task.cpus}), and no more,
 * and in local mode lends it the cores that tasks which have finished leave idle.
 *
 * <p>Why: on a standalone executor Spark itself puts {@code OMP_NUM_THREADS=spark.task.cpus} in the
 * executor's environment (and {@code conf/spark-defaults.conf} sets it), but in local mode the
 * tasks run in the driver's JVM, where OpenMP and ND4J default to every core: {@code local[N]}'s N
 * concurrent tasks then each start N native threads on N cores. Measured with 4 paired cold runs of
 * {@code bin/facespark embed} against the build without this class: 234 LFW images with
 * {@code --detect largest --model mobilefacenet}, 0.87x the wall time and the CPU; 2,000 images
 * with the defaults, 0.99x (no change). An {@code OMP_NUM_THREADS} the process already has is the
 * user's (or Spark's) choice and is left alone.
 *
 * <p>Why lend: at the end of a stage the last task runs alone, on one core of {@code local[N]}'s N,
 * for up to a task's length. {@link #rebalance()} between batches widens a task to the cores no
 * running task uses, once they have been idle for {@link #IDLE_BEFORE_LENDING_NANOS} (in the middle
 * of a stage the scheduler refills a free core within milliseconds, so such a core is not lent),
 * and narrows it back as soon as another task starts.
 */
public final class TaskNativeThreads {

  /** Tasks of this JVM that called {@link #limit}, not yet completed. */
  private static final AtomicInteger RUNNING = new AtomicInteger();
  /** When {@link #RUNNING} last went down ({@link System#nanoTime()}). */
  private static volatile long lastCompletion = System.nanoTime();
  static final long IDLE_BEFORE_LENDING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private static final TaskNativeThreads UNMANAGED = new TaskNativeThreads(0, 0);

  private final int cpus;
  /** Cores of this JVM's task slots that may be lent; 0 when it is not local mode. */
  private final int slots;
  private int current;

  private TaskNativeThreads(int cpus, int slots) {
    this.cpus = cpus;
    this.slots = slots;
    this.current = cpus;
  }

  /**
   * Limits the calling task thread for the rest of {@code task}, then puts its setting back. The
   * returned handle's {@link #rebalance()} lends the task idle cores (local mode only).
   */
  public static TaskNativeThreads limit(TaskContext task) {
    if (System.getenv("OMP_NUM_THREADS") != null) {
      return UNMANAGED;
    }
    SparkEnv env = SparkEnv.get();
    int slots = env == null ? 0 : localCores(env.conf().get("spark.master", ""));
    int previous = NativeThreads.setForThisThread(task.cpus());
    RUNNING.incrementAndGet();
    // Executor threads are pooled: the next task on this thread, maybe not a model's, starts as before.
    task.addTaskCompletionListener((TaskContext done) -> {
      RUNNING.decrementAndGet();
      lastCompletion = System.nanoTime();
      NativeThreads.setForThisThread(previous);
    });
    return new TaskNativeThreads(task.cpus(), slots);
  }

  /**
   * Sets this task's threads to its share of the local cores: its own cpus while every core has a
   * task, more once cores have stood idle. Cheap enough to call per input row: the native setting
   * is changed only when the share does.
   */
  public void rebalance() {
    if (slots <= cpus) {
      return;
    }
    int running = Math.max(1, RUNNING.get());
    int share = Math.max(cpus, slots / running);
    if (share > current && System.nanoTime() - lastCompletion < IDLE_BEFORE_LENDING_NANOS) {
      return;
    }
    if (share != current) {
      NativeThreads.setForThisThread(share);
      current = share;
    }
  }

  /** Tasks of this JVM now running with a limit: the tests' view of the count. */
  static int running() {
    return RUNNING.get();
  }

  /** The cores a {@code local}, {@code local[N]}, {@code local[*]} (or {@code [N,F]}) master runs tasks on; else 0. */
  static int localCores(String master) {
    Matcher local = LOCAL_MASTER.matcher(master.trim());
    if (!local.matches()) {
      return 0;
    }
    String cores = local.group(1);
    return cores == null ? 1 : cores.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cores);
  }
}
