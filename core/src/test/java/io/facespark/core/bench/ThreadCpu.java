package io.facespark.core.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which threads of this JVM used the CPU while a task ran: the calling thread (ThreadMXBean) and
 * every other thread by kind (JIT compilers, GC, ND4J's and JavaCPP's deallocators, the rest), from
 * Linux's {@code /proc/self/task/<tid>/stat} (10 ms ticks; fine over seconds). Answers "why is the
 * cpu column above 1 with OMP_NUM_THREADS=1" (issue 16): a task that borrows a second core for its
 * JIT or GC looks faster per wall second than it would with one core to itself.
 */
final class ThreadCpu {

  static final String[] KINDS = {"calling thread", "JIT", "GC", "deallocators", "other"};
  private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ, 100 on Linux

  private ThreadCpu() {
  }

  /** CPU nanoseconds so far by kind ({@link #KINDS}); the calling thread's own time is not in "other". */
  static double[] snapshot() {
    double[] byKind = new double[KINDS.length];
    double calling = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    byKind[0] = calling;
    double others = -calling; // the calling thread is also one of the tasks listed below
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (NoSuchFileException gone) {
          continue; // the thread ended between the listing and the read
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK; // utime + stime
        int kind = kind(name);
        if (kind == KINDS.length - 1) {
          others += nanos;
        } else {
          byKind[kind] += nanos;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/task (Linux only): " + e.getMessage(), e);
    }
    byKind[KINDS.length - 1] = Math.max(0, others);
    return byKind;
  }

  private static int kind(String threadName) {
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return 1;
    }
    if (threadName.startsWith("GC ") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
      return 2;
    }
    if (threadName.startsWith("DeallocatorServ") || threadName.startsWith("JavaCPP Dealloc")
        || threadName.startsWith("Reference Handl")) {
      return 3;
    }
    return KINDS.length - 1;
  }

  /** "1.21 = 1.00 + JIT 0.17 + GC 0.03 + ...": cores used by kind over {@code wallNanos}, kinds under 0.005 left out. */
  static String describe(double[] cpuNanos, double wallNanos) {
    StringBuilder parts = new StringBuilder();
    double total = 0;
    for (int k = 0; k < KINDS.length; k++) {
      double cores = cpuNanos[k] / wallNanos;
      total += cores;
      if (k == 0) {
        parts.append(String.format(Locale.ROOT, "%.2f", cores));
      } else if (cores >= 0.005) {
        parts.append(String.format(Locale.ROOT, " + %s %.2f", KINDS[k], cores));
      }
    }
    return String.format(Locale.ROOT, "%.2f = ", total) + parts;
  }
}
