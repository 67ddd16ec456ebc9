package io.facespark.udf.bench;

import io.facespark.udf.FaceFunctions;
import io.facespark.udf.FaceSparkExtensions;
import io.facespark.udf.VectorFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rows per second of {@code cosine_sim} over a Parquet file of 128-d {@code array<float>} pairs,
 * on every registration path, against the expression users write today without facespark
 * (measured in the same run; shared machines are noisy, so only the ratios travel).
 *
 * <pre>
 *   bin/bench udf CosineSimBenchmark                  # 1,000,000 rows, the figure
 *   bin/bench udf CosineSimBenchmark --rows 100000    # a quick run
 * </pre>
 *
 * Options: {@code --rows N} (1000000), {@code --dim D} (128), {@code --repeat R} (3 timed rounds
 * after one warm-up round; the median counts), {@code --partitions P} (8), {@code --master M}
 * (local[2]), {@code --work-dir DIR} (kept, and its Parquet reused when rows and dim match;
 * default: a temporary directory deleted at the end).
 */
public final class CosineSimBenchmark {

  /** What users write today: dot product over the product of norms, with higher-order functions. */
  static final String BASELINE = "aggregate(zip_with(a, b, (x, y) -> x * y), 0D, (s, v) -> s + v)"
      + " / (sqrt(aggregate(a, 0D, (s, x) -> s + x * x))"
      + " * sqrt(aggregate(b, 0D, (s, x) -> s + x * x)))";

  private static final double GOAL = 1.5;

  private CosineSimBenchmark() {
  }

  /** One line of the table: a label and the query that computes sum(score) over the file. */
  private static final class Variant {
    final String label;
    final Function<Dataset<Row>, Dataset<Row>> query;
    double medianSeconds;
    double checksum;

    Variant(String label, Function<Dataset<Row>, Dataset<Row>> query) {
      this.label = label;
      this.query = query;
    }
  }

  public static void main(String[] args) throws IOException {
    Options options = Options.parse(args);
    Path workDir = options.workDir != null ? options.workDir
        : Files.createTempDirectory("facespark-bench-cosine");
    SparkSession spark = startSpark(options, workDir);
    try {
      Path data = ensureData(spark, options, workDir.resolve("pairs-" + options.rows + "x"
          + options.dim + ".parquet"));
      FaceFunctions.register(spark);
      spark.udf().registerJava("cosine_sim_java", VectorFunction.COSINE_SIM.javaUdfClassName(),
          DataTypes.FloatType);
      spark.sql("CREATE TEMPORARY FUNCTION cosine_sim_hive AS '"
          + VectorFunction.COSINE_SIM.hiveUdfClassName() + "'");

      List<Variant> variants = List.of(
          new Variant("scan only: sum(size(a) + size(b)) (floor)",
              d -> d.selectExpr("sum(size(a) + size(b))")),
          new Variant("baseline: aggregate(zip_with(...)) / (sqrt(...) * sqrt(...))",
              d -> d.selectExpr("sum(" + BASELINE + ")")),
          new Variant("cosine_sim SQL, native (spark.sql.extensions)",
              d -> d.selectExpr("sum(cosine_sim(a, b))")),
          new Variant("FaceFunctions.cosineSim (DataFrame API)",
              d -> d.select(functions.sum(FaceFunctions.cosineSim(d.col("a"), d.col("b"))))),
          new Variant("CosineSim via registerJava (PySpark path)",
              d -> d.selectExpr("sum(cosine_sim_java(a, b))")),
          new Variant("CosineSimilarityUDF (Hive GenericUDF)",
              d -> d.selectExpr("sum(cosine_sim_hive(a, b))")));

      Dataset<Row> pairs = spark.read().parquet(data.toString());
      measure(variants, pairs, options.repeat);
      printTable(options, variants);
    } finally {
      spark.stop();
      if (options.workDir == null) {
        deleteRecursively(workDir);
      }
    }
  }

  private static SparkSession startSpark(Options options, Path workDir) {
    System.setProperty("derby.system.home", workDir.toString());
    return SparkSession.builder()
        .master(options.master)
        .appName("CosineSimBenchmark")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", FaceSparkExtensions.class.getName())
        .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + workDir.resolve("metastore_db") + ";create=true")
        .enableHiveSupport()
        .getOrCreate();
  }

  /** Writes rows of deterministic pseudo-random pairs in [-1, 1], unless already there. */
  private static Path ensureData(SparkSession spark, Options options, Path path) {
    if (Files.isDirectory(path) && Files.exists(path.resolve("_SUCCESS"))) {
      System.err.println("bench: reusing " + path);
      return path;
    }
    System.err.printf("bench: writing %,d rows of %d-d array<float> pairs to %s ...%n",
        options.rows, options.dim, path);
    String vector = "transform(sequence(0, " + (options.dim - 1) + "), i -> CAST(hash(id, i, %d)"
        + " AS FLOAT) / 2147483648F)";
    spark.range(0, options.rows, 1, options.partitions)
        .selectExpr("id", String.format(vector, 1) + " AS a", String.format(vector, 2) + " AS b")
        .write().mode("overwrite").parquet(path.toString());
    return path;
  }

  /**
   * One warm-up round over every variant (JIT, page cache), then {@code repeat} rounds that time
   * each variant in turn, so a noisy neighbour slows all variants alike rather than one. Every
   * round plans a fresh query: re-running one Dataset would let adaptive execution reuse its
   * finished shuffle stages and time nothing but a tiny shuffle read.
   */
  private static void measure(List<Variant> variants, Dataset<Row> pairs, int repeat) {
    for (Variant variant : variants) {
      System.err.println("bench: warm-up " + variant.label);
      variant.checksum = runOnce(variant, pairs);
    }
    double[][] seconds = new double[variants.size()][repeat];
    for (int r = 0; r < repeat; r++) {
      System.err.printf("bench: round %d of %d%n", r + 1, repeat);
      for (int v = 0; v < variants.size(); v++) {
        Variant variant = variants.get(v);
        long start = System.nanoTime();
        double sum = runOnce(variant, pairs);
        seconds[v][r] = (System.nanoTime() - start) / 1e9;
        // Partial sums may merge in any order, so allow rounding-level differences only.
        if (Math.abs(sum - variant.checksum) > 1e-9 * Math.max(1, Math.abs(variant.checksum))) {
          throw new IllegalStateException(variant.label + ": round " + (r + 1) + " summed " + sum
              + " but the warm-up summed " + variant.checksum + "; the benchmark is not measuring"
              + " a deterministic query");
        }
      }
    }
    for (int v = 0; v < variants.size(); v++) {
      Arrays.sort(seconds[v]);
      variants.get(v).medianSeconds = seconds[v][repeat / 2];
    }
  }

  private static double runOnce(Variant variant, Dataset<Row> pairs) {
    Row row = variant.query.apply(pairs).collectAsList().get(0);
    return ((Number) row.get(0)).doubleValue();
  }

  private static void printTable(Options options, List<Variant> variants) {
    Variant baseline = variants.get(1);
    System.out.printf(Locale.ROOT, "%nCosineSimBenchmark: %,d rows of %d-d array<float> pairs"
        + " (Parquet), master %s, median of %d interleaved rounds after a warm-up round%n%n", options.rows,
        options.dim, options.master, options.repeat);
    String format = "| %-62s | %9s | %12s | %11s | %22s |%n";
    System.out.printf(Locale.ROOT, format, "path", "median s", "rows/s", "vs baseline",
        "sum of scores");
    System.out.printf(Locale.ROOT, format, "-".repeat(62), "-".repeat(9), "-".repeat(12),
        "-".repeat(11), "-".repeat(22));
    for (Variant v : variants) {
      System.out.printf(Locale.ROOT, format, v.label, String.format(Locale.ROOT, "%.3f",
          v.medianSeconds), String.format(Locale.ROOT, "%,.0f", options.rows / v.medianSeconds),
          String.format(Locale.ROOT, "%.2fx", baseline.medianSeconds / v.medianSeconds),
          v == variants.get(0) ? "(element count)" : String.format(Locale.ROOT, "%.6f",
              v.checksum));
    }
    Variant nativeSql = variants.get(2);
    double speedup = baseline.medianSeconds / nativeSql.medianSeconds;
    double drift = Math.abs(nativeSql.checksum - baseline.checksum)
        / Math.max(1, Math.abs(baseline.checksum));
    System.out.printf(Locale.ROOT, "%nGoal: native cosine_sim >= %.1fx the baseline expression:"
        + " %.2fx, %s. Sums of scores agree with the baseline to %.1e (relative).%n", GOAL,
        speedup, speedup >= GOAL ? "MET" : "NOT MET", drift);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Command-line options; unknown ones fail with the list of known ones. */
  static final class Options {
    long rows = 1_000_000;
    int dim = 128;
    int repeat = 3;
    int partitions = 8;
    String master = "local[2]";
    Path workDir;

    static Options parse(String[] args) {
      Options o = new Options();
      List<String> list = new ArrayList<>(Arrays.asList(args));
      for (int i = 0; i < list.size(); i++) {
        String name = list.get(i);
        if (i + 1 >= list.size()) {
          throw usage("missing value for " + name);
        }
        String value = list.get(++i).replace("_", "").replace(",", "");
        switch (name) {
          case "--rows": o.rows = Long.parseLong(value); break;
          case "--dim": o.dim = Integer.parseInt(value); break;
          case "--repeat": o.repeat = Integer.parseInt(value); break;
          case "--partitions": o.partitions = Integer.parseInt(value); break;
          case "--master": o.master = list.get(i); break;
          case "--work-dir": o.workDir = Path.of(list.get(i)).toAbsolutePath(); break;
          default: throw usage("unknown option " + name);
        }
      }
      if (o.rows < 1 || o.dim < 1 || o.repeat < 1 || o.partitions < 1) {
        throw usage("--rows, --dim, --repeat and --partitions must be positive");
      }
      return o;
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException("CosineSimBenchmark: " + problem + ". Options: --rows N"
          + " (1000000), --dim D (128), --repeat R (3), --partitions P (8), --master M"
          + " (local[2]), --work-dir DIR (default: a temporary directory)");
    }
  }
}
