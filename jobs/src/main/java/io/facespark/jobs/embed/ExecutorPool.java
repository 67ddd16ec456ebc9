package io.facespark.jobs.embed;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A per-JVM pool of costly, single-threaded objects (networks), keyed by what they were built
 * from. Each concurrent task borrows one and returns it, so an executor builds at most as many as
 * it runs tasks at once, once per JVM, not once per task.
 */
final class ExecutorPool<T> {

  private final ConcurrentHashMap<String, Queue<T>> idle = new ConcurrentHashMap<>();
  private final AtomicInteger built = new AtomicInteger();

  T borrow(String key, Supplier<T> build) {
    T item = idle.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
    if (item != null) {
      return item;
    }
    built.incrementAndGet();
    return build.get();
  }

  void release(String key, T item) {
    idle.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).offer(item);
  }

  /** How many this JVM has built: the tests' evidence that objects are reused. */
  int built() {
    return built.get();
  }
}
