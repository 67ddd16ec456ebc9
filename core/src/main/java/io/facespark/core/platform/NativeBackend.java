package io.facespark.core.platform;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend (libnd4j, OpenBLAS) on the calling thread, once per JVM.
 *
 * <p>Why this must not race with other threads: while ND4J starts, it sets OpenBLAS's thread count
 * through JavaCPP's symbol lookup, which walks the loaded libraries holding the dynamic loader's
 * write lock and calls {@code dlopen} inside that walk. Any other thread's {@code dlopen} takes the
 * loader's two locks in the opposite order, so the two threads can wait on each other forever.
 * Seen here: {@code bin/facespark embed} hung with no CPU use, the model-loading thread in
 * {@code dlopen("libgcc_s.so.1")} from {@code libjniopenblas_nolapack.so}, the main thread in
 * Spark's start-up loading {@code libjaas.so} for Hadoop's login (native stacks from gdb). So a job
 * loads the backend here, before it starts threads that may load libraries.
 */
public final class NativeBackend {

  private static volatile String loadedOn;

  private NativeBackend() {
  }

  /** Loads the backend now, unless it is loaded; cheap after the first call. */
  public static void load() {
    if (loadedOn != null) {
      return;
    }
    synchronized (NativeBackend.class) {
      if (loadedOn == null) {
        Nd4j.getBackend();
        // The BLAS wrapper is where the symbol lookup happens; with ND4J's start-up banner off it is
        // created lazily, at the first matrix product, on whatever thread that runs.
        Nd4j.factory().blas();
        loadedOn = Thread.currentThread().getName();
      }
    }
  }

  /** The name of the thread that loaded the backend through {@link #load()}, or null before that. */
  public static String loadedOn() {
    return loadedOn;
  }
}
