package io.facespark.core.platform;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads the native kernels (oneDNN convolutions, ND4J ops) use when the
 * <em>calling</em> thread runs them. The setting is the calling thread's own (OpenMP's per-thread
 * {@code nthreads} value): other threads, and the process-wide default from {@code OMP_NUM_THREADS},
 * keep theirs.
 *
 * <p>Why: several threads that each run a model with every core's worth of OpenMP threads
 * oversubscribe the machine, and OpenMP's workers spin at every barrier while they wait for a core.
 * Measured here (2 cores, the facerec forward, batches of 32): one caller with 2 threads 338-383
 * images/s; two callers with 1 thread each 413-442 images/s.
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
