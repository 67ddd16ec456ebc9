package io.facespark.core.platform;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads oneDNN's kernels (convolutions, matrix products) use when the
 * <em>calling</em> thread runs them. The setting is the calling thread's own (OpenMP's per-thread
 * {@code nthreads} value): other threads, and the process-wide default from {@code OMP_NUM_THREADS},
 * keep theirs.
 *
 * <p>Why per thread: a JVM that runs several model-calling tasks at once (Spark's local mode) can
 * give each task thread the cores Spark gave that task, as {@code OMP_NUM_THREADS} does for a whole
 * executor, without touching the driver's own threads. ND4J's own loop threads cannot be set this
 * way: {@code Environment.setMaxThreads} does nothing in ND4J 1.0.0-M2.1.
 */
public final class NativeThreads {

  private NativeThreads() {
  }

  /** The threads a parallel region started by this thread would get. */
  public static int forThisThread() {
    return ops().ompGetMaxThreads();
  }

  /** Sets this thread's native thread count to {@code threads} (at least 1); returns the previous one. */
  public static int setForThisThread(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("native threads must be at least 1, got " + threads);
    }
    NativeOps ops = ops();
    int previous = ops.ompGetMaxThreads();
    ops.setOmpNumThreads(threads);
    return previous;
  }

  private static NativeOps ops() {
    // The holder reads the backend's properties, which exist only once ND4J has picked its backend.
    Nd4j.getBackend();
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }
}
