package io.facespark.jobs.embed;

import io.facespark.core.detect.DetectorSource;
import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.pipeline.FaceLocator;

/**
 * This JVM's pools of embedders (keyed by model version) and detect stages (keyed by detector
 * settings): neither is thread-safe and both are costly to build.
 */
final class ExecutorModels {

  private static final ExecutorPool<FaceEmbedder> EMBEDDERS = new ExecutorPool<>();
  private static final ExecutorPool<FaceLocator> DETECTORS = new ExecutorPool<>();

  private ExecutorModels() {
  }

  static FaceEmbedder borrow(String version, EmbedderSource source) {
    return EMBEDDERS.borrow(version, source::open);
  }

  static void release(String version, FaceEmbedder embedder) {
    EMBEDDERS.release(version, embedder);
  }

  /** The driver's embedder, kept for the tasks if the pool has room for it (see {@link ExecutorPool#adopt}). */
  static void adopt(String version, FaceEmbedder embedder) {
    EMBEDDERS.adopt(version, embedder);
  }

  static FaceLocator borrowDetector(DetectorSource source) {
    return DETECTORS.borrow(source.key(), source::open);
  }

  static void releaseDetector(DetectorSource source, FaceLocator locator) {
    DETECTORS.release(source.key(), locator);
  }

  /** How many embedders of this version the pool holds, idle and lent: the tests' evidence that it stays bounded. */
  static int held(String version) {
    return EMBEDDERS.held(version);
  }
}
