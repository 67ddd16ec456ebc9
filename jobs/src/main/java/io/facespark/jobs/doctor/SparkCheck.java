package io.facespark.jobs.doctor;

import io.facespark.jobs.spark.SparkSessions;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark the way every job does, runs a tiny job, stops it, and reports the times; the job
 * also reports the executors' native allocator settings (the driver's are checked on their own).
 */
final class SparkCheck {

  private SparkCheck() {
  }

  static List<Check> run() {
    long start = System.nanoTime();
    SparkSession spark;
    try {
      spark = SparkSessions.getOrCreate("facespark-doctor");
    } catch (RuntimeException | LinkageError e) {
      return List.of(Check.fail("Spark", "cannot start: " + e, "check the Java 17 module flags line;"
          + " for a cluster, check --master and that the cluster is reachable"));
    }
    long started = System.nanoTime();
    try {
      List<String> partitions = spark.range(0, 1000, 1, 2).javaRDD()
          .mapPartitions(SparkCheck::countWithAllocator).collect();
      long count = partitions.stream().mapToLong(p -> Long.parseLong(p.substring(0, p.indexOf('\t')))).sum();
      if (count != 1000) {
        spark.stop();
        return List.of(Check.fail("Spark", "a 1000-row job counted " + count, "report this as a bug"));
      }
      // One line for all executors: the first that lacks the settings, else the first one's.
      List<Check> allocators = partitions.stream().map(p -> p.substring(p.indexOf('\t') + 1)).distinct()
          .map(t -> PlatformChecks.nativeAllocator(DoctorCommand.NATIVE_ALLOCATOR + " (executors)", t)).toList();
      Check executorAllocator = allocators.stream().filter(Check::failed).findFirst().orElse(allocators.get(0));
      String master = spark.sparkContext().master();
      String version = spark.version();
      long ran = System.nanoTime();
      spark.stop();
      long stopped = System.nanoTime();
      return List.of(Check.ok("Spark", String.format(Locale.ROOT,
          "%s on %s: start %.1f s, 1000-row job %.2f s, stop %.1f s",
          version, master, seconds(start, started), seconds(started, ran), seconds(ran, stopped))),
          executorAllocator);
    } catch (RuntimeException e) {
      spark.stop();
      return List.of(Check.fail("Spark", "a 1000-row job failed: " + e, "see the log above for the cause"));
    }
  }

  /** A partition's row count and, after a tab, the GLIBC_TUNABLES of the executor that ran it. */
  private static Iterator<String> countWithAllocator(Iterator<Long> rows) {
    long count = 0;
    for (; rows.hasNext(); rows.next()) {
      count++;
    }
    return List.of(count + "\t" + Objects.toString(System.getenv("GLIBC_TUNABLES"), "")).iterator();
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
