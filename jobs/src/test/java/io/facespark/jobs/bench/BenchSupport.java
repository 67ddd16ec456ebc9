package io.facespark.jobs.bench;

import io.facespark.testing.TestFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the jobs benchmarks share: memory high-water marks (driver = executor in local mode), options. */
final class BenchSupport {

  private BenchSupport() {
  }

  /** Sum of the heap pools' peaks, MB. */
  static double heapMb() {
    double peak = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1e6;
  }

  /** Peak resident set (VmHWM) as the kernel reports it: heap, off-heap ND4J buffers, everything. */
  static String resident() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "?";
  }

  /**
   * A new temporary work directory, removed with everything in it when the benchmark's JVM exits:
   * a call writes hundreds of MB to GB of tables, which repeated calls would pile up in /tmp.
   */
  static Path temporaryWorkDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        TestFiles.deleteRecursively(dir);
      } catch (IOException | RuntimeException e) {
        System.err.println("bench: could not remove the work directory " + dir + ": " + e);
      }
    }, "bench-work-cleanup"));
    return dir;
  }

  static String memorySummary() throws IOException {
    return String.format(Locale.ROOT, "peak heap %.0f MB, peak resident %s (driver = executor in local mode); cores %d",
        heapMb(), resident(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * CPU seconds this JVM has used, all threads (native OpenMP workers included): work that waits on
   * busy cores costs wall time on a shared machine, but spinning threads show up here.
   */
  static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  /**
   * Seconds the JIT compiler threads have spent compiling since the JVM started, summed over the
   * threads. Elapsed time, not CPU: on a busy machine it includes their waits for a core.
   */
  static double jitSeconds() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
  }

  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
