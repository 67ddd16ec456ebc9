package io.facespark.jobs.embed;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A per-JVM pool of costly, single-threaded objects (networks), keyed by what they were built
 * from. Each concurrent task borrows one and returns it, so an executor builds at most as many as
 * it runs tasks at once, once per JVM, not once per task.
 *
 * <p>Per key the pool holds at most as many as were ever lent at once (at least one). An object
 * built outside the pool ({@link #adopt}: the driver's proof that the model loads, built on every
 * run) joins it only below that bound, so a long-lived JVM running job after job (a notebook, a
 * benchmark, a test suite) keeps a steady set instead of gaining one network per run.
 */
final class ExecutorPool<T> {

  /** One key's idle objects and how many are out now and at most. */
  private static final class Slot<T> {
    private final Deque<T> idle = new ArrayDeque<>();
    private int lent;
    private int mostLent;

    private boolean hasRoom() {
      return idle.size() + lent < Math.max(1, mostLent);
    }
  }

  private final ConcurrentHashMap<String, Slot<T>> slots = new ConcurrentHashMap<>();

  /** An idle object for the key, or a new one from {@code build}; give it back with {@link #release}. */
  T borrow(String key, Supplier<T> build) {
    Slot<T> slot = slot(key);
    T item;
    synchronized (slot) {
      slot.lent++;
      slot.mostLent = Math.max(slot.mostLent, slot.lent);
      item = slot.idle.pollFirst();
    }
    if (item != null) {
      return item;
    }
    try {
      return build.get();
    } catch (RuntimeException | Error e) {
      synchronized (slot) {
        slot.lent--;
      }
      throw e;
    }
  }

  /** Returns an object {@link #borrow} lent. */
  void release(String key, T item) {
    Slot<T> slot = slot(key);
    synchronized (slot) {
      slot.lent--;
      slot.idle.offerFirst(item);
    }
  }

  /**
   * Offers an object built outside the pool; true if the pool keeps it. One it does not keep is
   * left to the garbage collector, which frees a network's native memory with it: closing it here
   * would force a full collection (DL4J's {@code close} calls {@code System.gc()}) in the job's
   * start-up.
   */
  boolean adopt(String key, T item) {
    Slot<T> slot = slot(key);
    synchronized (slot) {
      if (!slot.hasRoom()) {
        return false;
      }
      slot.idle.offerLast(item);
      return true;
    }
  }

  /** How many objects the pool holds for the key, idle and lent. */
  int held(String key) {
    Slot<T> slot = slots.get(key);
    if (slot == null) {
      return 0;
    }
    synchronized (slot) {
      return slot.idle.size() + slot.lent;
    }
  }

  private Slot<T> slot(String key) {
    return slots.computeIfAbsent(key, k -> new Slot<>());
  }
}
