package io.facespark.jobs.spark;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep a driver or executor JVM alive: helpers that must not outlive the job. */
public final class DaemonThreads {

  private DaemonThreads() {
  }

  public static ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
