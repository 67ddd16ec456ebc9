package io.facespark.jobs.embed;

import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-JVM pool of embedders, keyed by model version. Embedders are not thread-safe and costly to
 * build, so each concurrent task borrows one and returns it; an executor builds at most as many
 * as it runs tasks at once, once per JVM, not once per task.
 */
final class ExecutorModels {

  private static final ConcurrentHashMap<String, Queue<FaceEmbedder>> IDLE = new ConcurrentHashMap<>();
  private static final AtomicInteger BUILT = new AtomicInteger();

  private ExecutorModels() {
  }

  static FaceEmbedder borrow(String version, EmbedderSource source) {
    FaceEmbedder idle = IDLE.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).poll();
    if (idle != null) {
      return idle;
    }
    BUILT.incrementAndGet();
    return source.open();
  }

  static void release(String version, FaceEmbedder embedder) {
    IDLE.computeIfAbsent(version, v -> new ConcurrentLinkedQueue<>()).offer(embedder);
  }

  /** How many embedders this JVM has built: the tests' evidence that models are reused. */
  static int built() {
    return BUILT.get();
  }
}
