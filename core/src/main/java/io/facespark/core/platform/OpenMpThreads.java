package io.facespark.core.platform;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads ND4J's native calls made from the calling thread may use: the oneDNN
 * convolutions of the recognition nets run in OpenMP teams sized by this.
 *
 * <p>Why per thread: {@code OMP_NUM_THREADS} is read once, when the native library starts, and
 * gives every calling thread a team of that size; two Spark tasks forwarding at once on a 2-core
 * executor then run four busy threads on two cores, and each team's barriers wait for a thread
 * that is not running. OpenMP keeps this setting per calling thread ({@code omp_set_num_threads}),
 * so a task can take its share of the cores without touching other threads.
 */
public final class OpenMpThreads {

  private OpenMpThreads() {
  }

  /** The team size a native call from this thread gets now. */
  public static int ofThisThread() {
    return nativeOps().ompGetMaxThreads();
  }

  /** Sets the team size of native calls made from this thread from now on. */
  public static void setForThisThread(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("OpenMP threads must be at least 1, got " + threads);
    }
    nativeOps().setOmpNumThreads(threads);
  }

  private static NativeOps nativeOps() {
    Nd4j.getBackend();  // the holder finds the native library through the loaded backend
    return NativeOpsHolder.getInstance().getDeviceNativeOps();
  }
}
