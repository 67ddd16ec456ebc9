package io.facespark.jobs.doctor;

import io.facespark.jobs.spark.SparkSessions;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** Starts Spark the way every job does, runs a tiny job, stops it, and reports the times. */
final class SparkCheck {

  private SparkCheck() {
  }

  static Check run() {
    long start = System.nanoTime();
    SparkSession spark;
    try {
      spark = SparkSessions.getOrCreate("facespark-doctor");
    } catch (RuntimeException | LinkageError e) {
      return Check.fail("Spark", "cannot start: " + e, "check the Java 17 module flags line;"
          + " for a cluster, check --master and that the cluster is reachable");
    }
    long started = System.nanoTime();
    try {
      long count = spark.range(0, 1000, 1, 2).count();
      if (count != 1000) {
        return Check.fail("Spark", "a 1000-row job counted " + count, "report this as a bug");
      }
      String master = spark.sparkContext().master();
      String version = spark.version();
      long ran = System.nanoTime();
      spark.stop();
      long stopped = System.nanoTime();
      return Check.ok("Spark", String.format(Locale.ROOT,
          "%s on %s: start %.1f s, 1000-row job %.2f s, stop %.1f s",
          version, master, seconds(start, started), seconds(started, ran), seconds(ran, stopped)));
    } catch (RuntimeException e) {
      spark.stop();
      return Check.fail("Spark", "a 1000-row job failed: " + e, "see the log above for the cause");
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
