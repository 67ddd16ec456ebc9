package io.facespark.jobs.bench;

import io.facespark.core.report.TextTable;
import io.facespark.jobs.FaceSpark;
import io.facespark.jobs.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The watchlist job's pair rate against ND4J float GEMM and against the naive Spark plan, on
 * synthetic 128-d unit vectors, in one JVM and one run.
 *
 * <pre>
 *   bin/bench jobs WatchlistBenchmark                       # rate vs GEMM (20,000 x 200,000) and vs naive (2,000 x 20,000)
 *   bin/bench jobs WatchlistBenchmark --scale               # + 100,000 probes x 100,000 and x 1,000,000 gallery, top-10
 *   options: --probes N --gallery N --naive-probes N --naive-gallery N --top-k K --work-dir DIR (tables kept and reused)
 * </pre>
 *
 * Pair rate = probes x gallery / wall time of the whole job (read, validate, block, search,
 * write). GEMM = the same probe block x gallery tile products the job's default blocking makes,
 * called back to back from one thread with all cores, nothing else. Naive = what users write
 * today: {@code CROSS JOIN}, {@code cosine_sim}, {@code row_number() OVER (PARTITION BY probe
 * ORDER BY score DESC)}, {@code rn <= K}, written to Parquet; its rank-1 ids are checked against
 * the job's.
 */
public final class WatchlistBenchmark {

  private static final int DIM = 128;

  private WatchlistBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int probes = Integer.parseInt(BenchSupport.option(args, "--probes", "20000"));
    int gallery = Integer.parseInt(BenchSupport.option(args, "--gallery", "200000"));
    int naiveProbes = Integer.parseInt(BenchSupport.option(args, "--naive-probes", "2000"));
    int naiveGallery = Integer.parseInt(BenchSupport.option(args, "--naive-gallery", "20000"));
    int k = Integer.parseInt(BenchSupport.option(args, "--top-k", "10"));
    boolean scale = List.of(args).contains("--scale");
    String dir = BenchSupport.option(args, "--work-dir", null);
    Path work = dir != null ? Files.createDirectories(Path.of(dir)) : Files.createTempDirectory("watchlist-bench");
    SparkSession spark = SparkSessions.getOrCreate("WatchlistBenchmark");

    TextTable table = new TextTable("what", "probes", "gallery", "top-k", "wall s", "pairs/s", "ratio");
    double gemm = gemmPairsPerSecond(8192, 1024);
    table.add("ND4J float GEMM alone, 8192 x 1024 tiles", "-", "-", "-", "-", fmt(gemm), "1.00 (GEMM)");

    Path p = faces(spark, work, "probes", probes, 1);
    Path g = faces(spark, work, "gallery", gallery, 2);
    double seconds = job(p, g, work.resolve("matches"), k);
    double rate = (double) probes * gallery / seconds;
    table.add("watchlist job", probes, gallery, k, fmt(seconds), fmt(rate), String.format(Locale.ROOT, "%.2f of GEMM", rate / gemm));

    Path np = faces(spark, work, "naive-probes", naiveProbes, 3);
    Path ng = faces(spark, work, "naive-gallery", naiveGallery, 4);
    double jobSmall = job(np, ng, work.resolve("matches-small"), k);
    double naive = naive(spark, np, ng, work.resolve("naive-out"), k);
    checkSameRankOne(spark, work.resolve("matches-small"), work.resolve("naive-out"));
    long smallPairs = (long) naiveProbes * naiveGallery;
    table.add("naive: crossJoin + cosine_sim + row_number", naiveProbes, naiveGallery, k, fmt(naive),
        fmt(smallPairs / naive), "1.00 (naive)");
    table.add("watchlist job, same tables", naiveProbes, naiveGallery, k, fmt(jobSmall), fmt(smallPairs / jobSmall),
        String.format(Locale.ROOT, "%.0fx naive", naive / jobSmall));

    if (scale) {
      Path sp = faces(spark, work, "scale-probes", 100_000, 5);
      double previous = 0;
      for (int n : new int[] {100_000, 1_000_000}) {
        Path sg = faces(spark, work, "scale-gallery-" + n, n, 6);
        double s = job(sp, sg, work.resolve("matches-scale-" + n), 10);
        table.add("scale: watchlist job", 100_000, n, 10, fmt(s), fmt(1e5 * n / s),
            previous == 0 ? "" : String.format(Locale.ROOT, "time x%.1f for gallery x10", s / previous));
        previous = s;
      }
    }
    System.out.println();
    System.out.print(table);
    System.out.println("Goals: job >= 0.6 of GEMM's pair rate; job >= 100x the naive plan on the same tables.");
    System.out.println(BenchSupport.memorySummary());
    System.exit(0);
  }

  /** A faces table of unit vectors (uniform in a cube, normalised by the job), reused when present. */
  private static Path faces(SparkSession spark, Path work, String name, int rows, int seed) {
    Path table = work.resolve(name + "-" + rows);
    if (Files.exists(table.resolve("_SUCCESS"))) {
      return table;
    }
    System.err.printf("bench: writing %,d faces to %s%n", rows, table);
    String vector = "transform(sequence(0, " + (DIM - 1) + "), i -> CAST(hash(id, i, " + seed + ") AS FLOAT) / 2147483648F)";
    spark.range(0, rows, 1, Math.max(1, rows / 100_000))
        .selectExpr("md5(CAST(id * 7 + " + seed + " AS STRING)) AS image_id", "concat('file:/bench/', id, '.jpg') AS path",
            "CAST(NULL AS STRING) AS label", "0 AS face_index",
            "CAST(NULL AS STRUCT<x: FLOAT, y: FLOAT, w: FLOAT, h: FLOAT>) AS bbox", "CAST(NULL AS FLOAT) AS det_score",
            vector + " AS embedding", "'bench' AS model", "'bench-1' AS model_version", "current_timestamp() AS embedded_at")
        .write().mode("overwrite").parquet(table.toString());
    return table;
  }

  private static double job(Path probes, Path gallery, Path output, int k) {
    System.err.printf("bench: watchlist %s x %s%n", probes.getFileName(), gallery.getFileName());
    long start = System.nanoTime();
    int exit = FaceSpark.commandLine().execute("watchlist", "--probes", probes.toString(), "--gallery",
        gallery.toString(), "--output", output.toString(), "--top-k", String.valueOf(k), "--run-id", "bench");
    if (exit != 0) {
      throw new IllegalStateException("the watchlist job failed with exit code " + exit);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double naive(SparkSession spark, Path probes, Path gallery, Path output, int k) {
    System.err.println("bench: naive plan");
    long start = System.nanoTime();
    spark.read().parquet(probes.toString()).createOrReplaceTempView("bench_probes");
    spark.read().parquet(gallery.toString()).createOrReplaceTempView("bench_gallery");
    spark.sql("SELECT probe_id, gallery_id, score, rn AS rank FROM ("
        + " SELECT p.image_id AS probe_id, g.image_id AS gallery_id, cosine_sim(p.embedding, g.embedding) AS score,"
        + " row_number() OVER (PARTITION BY p.image_id ORDER BY cosine_sim(p.embedding, g.embedding) DESC, g.image_id) AS rn"
        + " FROM bench_probes p CROSS JOIN bench_gallery g) WHERE rn <= " + k)
        .write().mode("overwrite").parquet(output.toString());
    return (System.nanoTime() - start) / 1e9;
  }

  /** Both plans must name the same best gallery face for every probe (else the race is meaningless). */
  private static void checkSameRankOne(SparkSession spark, Path matches, Path naive) {
    long differ = spark.read().parquet(matches.toString()).filter("rank = 1").alias("a")
        .join(spark.read().parquet(naive.toString()).filter("rank = 1").alias("b"), "probe_id")
        .filter("a.gallery_id <> b.gallery_id").count();
    List<Row> counts = spark.read().parquet(matches.toString()).filter("rank = 1").groupBy().count().collectAsList();
    if (differ != 0) {
      throw new IllegalStateException(differ + " probes got a different rank-1 face from the naive plan");
    }
    System.err.printf("bench: job and naive plan agree on rank 1 for all %d probes%n", counts.get(0).getLong(0));
  }

  /**
   * Pairs/s of back-to-back GEMMs of the job's default shapes into one reused output (ND4J's
   * fastest way: a fresh result per call runs at about a third of this), for at least 5 seconds.
   */
  private static double gemmPairsPerSecond(int probeRows, int tileRows) {
    INDArray probes = Nd4j.rand(DataType.FLOAT, probeRows, DIM);
    INDArray tile = Nd4j.rand(DataType.FLOAT, tileRows, DIM);
    INDArray scores = Nd4j.createUninitialized(DataType.FLOAT, new long[] {probeRows, tileRows}, 'c');
    Nd4j.gemm(probes, tile, scores, false, true, 1.0, 0.0);
    long pairs = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < 5_000_000_000L) {
      Nd4j.gemm(probes, tile, scores, false, true, 1.0, 0.0);
      pairs += (long) probeRows * tileRows;
    }
    return pairs / ((System.nanoTime() - start) / 1e9);
  }

  private static String fmt(double value) {
    return value >= 1000 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }
}
