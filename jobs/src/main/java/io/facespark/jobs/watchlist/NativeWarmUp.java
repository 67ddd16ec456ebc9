package io.facespark.jobs.watchlist;

import org.apache.spark.SparkConf;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend on a background thread while the inputs are scanned. In local mode
 * the search tasks run in this JVM, and the first would otherwise load it (seconds) with the
 * other tasks waiting on it; on a cluster the executors load their own, so nothing is done.
 */
final class NativeWarmUp {

  private NativeWarmUp() {
  }

  static void start(SparkConf conf) {
    if (!conf.get("spark.master", "local[*]").startsWith("local")) {
      return;
    }
    Thread thread = new Thread(() -> Nd4j.create(new float[] {1}, new long[] {1, 1}, 'c').close(), "nd4j-warm-up");
    thread.setDaemon(true);
    thread.start();
  }
}
