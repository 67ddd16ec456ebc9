package io.facespark.jobs.embed;

import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.platform.NativeBackend;
import io.facespark.jobs.spark.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * The driver's proof that the model loads, built on a background thread while the Spark session
 * starts: both take seconds, neither needs the other, and one waited for the other before. The
 * caller joins it before any Spark stage, so a model that cannot be built still stops the job
 * before any work, with the loader's own one-line error.
 */
final class DriverModel {

  private final CompletableFuture<FaceEmbedder> building;

  private DriverModel(CompletableFuture<FaceEmbedder> building) {
    this.building = building;
  }

  /**
   * Starts building the model from {@code source} now. The native backend is loaded first, on the
   * caller's thread: loading it while Spark starts on another thread can hang both (see
   * {@link NativeBackend}).
   */
  static DriverModel start(EmbedderSource source) {
    NativeBackend.load();
    ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("facespark-model-load"));
    try {
      return new DriverModel(CompletableFuture.supplyAsync(source::open, thread));
    } finally {
      thread.shutdown();  // the one task still runs; the thread ends with it
    }
  }

  /** Waits for the model; a failure to build it is thrown unchanged, as if built on this thread. */
  FaceEmbedder join() {
    try {
      return building.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
