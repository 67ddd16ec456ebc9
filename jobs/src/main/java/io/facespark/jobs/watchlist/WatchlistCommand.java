package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.facespark.core.metrics.Calibration;
import io.facespark.core.metrics.OpenSetIdentification;
import io.facespark.core.report.TextTable;
import io.facespark.jobs.cli.ThresholdOption;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.table.FaceAlignment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facespark watchlist}: the nightly probes-against-gallery batch. */
@Command(name = "watchlist", mixinStandardHelpOptions = true,
    description = {
        "Finds the K best gallery entries of every probe face by cosine similarity, exactly.",
        "Block GEMM and a bounded top-K per probe; ties go to the smaller gallery id. A probe with no"
            + " candidate at or above --threshold becomes one 'unknown' row (gallery columns NULL, score ="
            + " its best). Writes the matches table partitioned by run_id: a rerun of the same --run-id"
            + " replaces that partition only.",
        "Probes and gallery must come from the same model version. Faces with NULL, NaN, infinite, zero"
            + " or wrongly sized embeddings are excluded and counted.",
        "With labelled probes it prints open-set figures (rank-1 rate, FNIR at FPIR 1e-1, 1e-2 and"
            + " 1e-3) and writes them to --report.",
        "--scenario lfw --faces T splits one labelled table: gallery = the first image of each person"
            + " with 2+ images; probes = their other images (mated) and the people with a single image"
            + " (non-mated)."})
public final class WatchlistCommand implements Callable<Integer> {

  @Option(names = "--probes", paramLabel = "TABLE", description = "Faces table of the probes (today's images).")
  String probes;

  @Option(names = "--gallery", paramLabel = "TABLE", description = "Faces table of the watchlist gallery.")
  String gallery;

  @Option(names = "--scenario", paramLabel = "lfw", description = "Build probes and gallery from --faces (lfw).")
  String scenario;

  @Option(names = "--faces", paramLabel = "TABLE", description = "The labelled faces table for --scenario.")
  String faces;

  @Option(names = "--output", required = true, paramLabel = "TABLE", description = "The matches table.")
  String output;

  @Option(names = "--top-k", defaultValue = "5", description = "Candidates per probe (default 5).")
  int topK;

  @Option(names = "--threshold", paramLabel = "THRESHOLD",
      description = "Keep candidates scoring at least this; a probe with none becomes one unknown row. A cosine,"
          + " or far:1e-2, far:1e-3 or far:1e-4: the threshold the model's calibration measured for that"
          + " false-accept rate (see evaluate).")
  String threshold;

  @Option(names = "--calibration", paramLabel = "FILE",
      description = "For --threshold far:<FAR>: a calibration.json from evaluate --protocol all-pairs instead of"
          + " the one shipped for the model.")
  Path calibration;

  @Option(names = "--gallery-mode", defaultValue = "image", paramLabel = "image|identity-max|identity-mean",
      description = "Rank gallery faces (image), identities by their best image (identity-max) or by the"
          + " mean template of their images (identity-mean).")
  String galleryMode;

  @Option(names = "--run-id", paramLabel = "ID", description = "Partition of the matches table (default: today, UTC).")
  String runId;

  @Option(names = "--report", paramLabel = "DIR", description = "Where to write the open-set report, which"
      + " needs labelled probes: metrics.json, cmc.csv, cmc.png and report.html.")
  Path report;

  @Option(names = "--probe-block", paramLabel = "ROWS", description = "Probe rows per block (default 8192).")
  Integer probeBlock;

  @Option(names = "--gallery-block", paramLabel = "ROWS",
      description = "Gallery rows per block (default: from executor memory, at most 262144).")
  Integer galleryBlock;

  @Option(names = "--tile-rows", paramLabel = "ROWS",
      description = "Gallery rows per GEMM call inside a task (default: a 32 MB score tile).")
  Integer tileRows;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GalleryMode mode = GalleryMode.parse(galleryMode);
    ThresholdOption thresholdOption = threshold == null ? null : ThresholdOption.parse(threshold);
    String run = runId != null ? runId : LocalDate.now(ZoneOffset.UTC).toString();
    checkOptions(run);
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = SparkSessions.getOrCreate("facespark-watchlist");

    Dataset<Row> probeFaces;
    Dataset<Row> galleryFaces;
    if (scenario != null) {
      WatchlistInputs.Scenario split = WatchlistInputs.lfwScenario(WatchlistInputs.read(spark, faces, "--faces"));
      probeFaces = split.probes();
      galleryFaces = split.gallery();
    } else {
      probeFaces = WatchlistInputs.read(spark, probes, "--probes");
      galleryFaces = WatchlistInputs.read(spark, gallery, "--gallery");
    }
    MatchesTable matches = new MatchesTable(spark, output);
    matches.checkWritable();
    // One pass per side: counts, checks and the cached blocks the search multiplies.
    long bytesPerTask = BlockSizing.bytesPerTask(spark.sparkContext().getConf());
    int cores = spark.sparkContext().defaultParallelism();
    SideScan.Side probeSide = SideScan.scan(probeFaces,
        new BlockBuilder.Plan(probeBlock != null ? probeBlock : BlockSizing.DEFAULT_PROBE_ROWS, bytesPerTask, false,
            false), false);
    SideScan.Side gallerySide = SideScan.scan(galleryFaces,
        new BlockBuilder.Plan(galleryBlock, bytesPerTask, true, mode.byIdentity()), mode.byIdentity());
    JavaRDD<FaceBlock> templates = null;
    try {
      FaceVectors probeStats = probeSide.stats();
      FaceVectors galleryStats = gallerySide.stats();
      String modelVersion = WatchlistInputs.modelVersion(probeStats.versions(), galleryStats.versions());
      int dimension = galleryStats.dimension() > 0 ? galleryStats.dimension() : probeStats.dimension();
      if (probeStats.dimension() > 0 && probeStats.dimension() != dimension) {
        throw new IllegalArgumentException("probes have " + probeStats.dimension() + "-d embeddings but the gallery "
            + dimension + "-d; they must come from the same model");
      }
      ThresholdOption.Resolved cutoff = thresholdOption == null ? null : thresholdOption.resolve(modelVersion,
          () -> alignment(spark), calibration);
      Float minScore = cutoff == null ? null : (float) cutoff.cosine();
      JavaRDD<FaceBlock> probes = probeSide.blocks(dimension);
      if (probeSide.busyPartitions(dimension) * gallerySide.busyPartitions(dimension) < cores) {
        // Fewer (probe, gallery) partition pairs than cores, e.g. both tables one Parquet file:
        // the probes (the smaller side, by design) are spread so that every core searches.
        probes = ProbeSpread.spread(probes, cores);
      }
      JavaRDD<FaceBlock> gallery = gallerySide.blocks(dimension);
      long probeCount = probeSide.rows(dimension);
      long galleryCount = gallerySide.rows(dimension);
      long galleryEntries = galleryCount;
      if (mode == GalleryMode.IDENTITY_MEAN) {
        templates = MeanTemplates.of(gallery, dimension, new BlockBuilder.Plan(galleryBlock, bytesPerTask, true, true));
        gallery = templates;
        galleryCount = templates.map(FaceBlock::size).fold(0, Integer::sum);
        galleryEntries = galleryCount;
      } else if (mode == GalleryMode.IDENTITY_MAX) {
        galleryEntries = gallery.flatMap(b -> Arrays.stream(b.names()).map(FaceName::label).iterator())
            .distinct().count();
      }

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("model_version", modelVersion);
      summary.put("run_id", run);
      summary.put("gallery_mode", mode.option());
      summary.put("top_k", topK);
      summary.put("threshold", minScore);
      if (cutoff != null && cutoff.point() != null) {
        summary.put("threshold_far", Calibration.formatFar(cutoff.point().far()) + " (" + cutoff.calibration().dataset()
            + ", TAR " + String.format(Locale.ROOT, "%.4f", cutoff.point().tar()) + ")");
      }
      summary.put("probe_faces", probeCount);
      probeStats.excluded().forEach((reason, n) -> summary.put("probes_excluded: " + reason, n));
      summary.put("gallery_faces", galleryCount);
      summary.put("gallery_entries", galleryEntries);
      galleryStats.excluded().forEach((reason, n) -> summary.put("gallery_excluded: " + reason, n));
      if (probeCount == 0 || galleryEntries == 0) {
        matches.clearRun(run);
        out.printf("watchlist: %s has no usable faces; run %s of %s is empty (nothing to match).%n",
            probeCount == 0 ? "the probe table" : "the gallery", run, output);
        print(out, summary);
        return 0;
      }
      if (topK > galleryEntries) {
        out.printf("watchlist: --top-k %d is more than the %d gallery entries; every probe gets all of them.%n",
            topK, galleryEntries);
      }
      BlockSizing sizing = BlockSizing.derive(spark.sparkContext().getConf(), dimension, probeBlock, galleryBlock, tileRows);
      summary.put("blocks (probe/gallery/tile rows)", sizing.probeRows() + "/" + sizing.galleryRows() + "/" + sizing.tileRows());
      Dataset<Row> candidates = ProbeSearch.topK(spark, probes, gallery, topK, mode.byIdentity(),
          mode == GalleryMode.IDENTITY_MAX, sizing.tileRows(), cores);
      if (probeStats.labelled() > 0) {
        // The open-set figures read the candidates again; unlabelled runs write them straight.
        candidates = candidates.persist(StorageLevel.MEMORY_AND_DISK());
      }
      long started = System.nanoTime();
      matches.write(MatchesTable.rows(candidates, minScore, modelVersion, run));
      summary.put("search_and_write_seconds", (System.nanoTime() - started) / 1e9);
      Row written = matches.read(run).agg(count(lit(1)), sum(when(col("rank").isNull(), 1).otherwise(0))).first();
      summary.put("matches_rows", written.getLong(0));
      summary.put("unknown_probes", written.isNullAt(1) ? 0L : written.getLong(1));
      if (probeStats.labelled() > 0) {
        OpenSetIdentification ids = OpenSetReport.measure(candidates, probeLabels(spark, probes),
            galleryLabels(spark, gallery), topK);
        summary.putAll(OpenSetReport.metrics(ids));
        if (report != null) {
          OpenSetReport.write(report, ids, summary,
              String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        }
      }
      candidates.unpersist(false);
      print(out, summary);
      return 0;
    } finally {
      probeSide.release();
      gallerySide.release();
      if (templates != null) {
        templates.unpersist(false);
      }
    }
  }

  /** {@code probe_key}, {@code probe_label} of every probe (a probe's key as the search assigns it). */
  private static Dataset<Row> probeLabels(SparkSession spark, JavaRDD<FaceBlock> probes) {
    JavaRDD<Row> rows = probes.flatMap(block -> {
      List<Row> labels = new ArrayList<>(block.size());
      for (int i = 0; i < block.size(); i++) {
        labels.add(RowFactory.create(ProbeSearch.probeKey(block.id(), i), block.names()[i].label()));
      }
      return labels.iterator();
    });
    return spark.createDataFrame(rows, new StructType().add("probe_key", DataTypes.LongType, false)
        .add("probe_label", DataTypes.StringType, true));
  }

  /** The distinct {@code gallery_label}s of the ranked entries. */
  private static Dataset<Row> galleryLabels(SparkSession spark, JavaRDD<FaceBlock> gallery) {
    JavaRDD<Row> rows = gallery.flatMap(block -> Arrays.stream(block.names()).map(FaceName::label).iterator())
        .distinct().map(RowFactory::create);
    return spark.createDataFrame(rows, new StructType().add("gallery_label", DataTypes.StringType, true));
  }

  private void checkOptions(String run) {
    if (scenario != null) {
      if (!"lfw".equals(scenario)) {
        throw new IllegalArgumentException("--scenario " + scenario + " is unknown; the one scenario is 'lfw'");
      }
      if (faces == null || probes != null || gallery != null) {
        throw new IllegalArgumentException("--scenario lfw takes --faces TABLE, not --probes/--gallery");
      }
    } else if (probes == null || gallery == null) {
      throw new IllegalArgumentException("give --probes and --gallery (or --scenario lfw --faces TABLE)");
    }
    if (topK < 1) {
      throw new IllegalArgumentException("--top-k must be at least 1, got " + topK);
    }
    for (Integer rows : new Integer[] {probeBlock, galleryBlock, tileRows}) {
      if (rows != null && rows < 1) {
        throw new IllegalArgumentException("--probe-block, --gallery-block and --tile-rows must be at least 1");
      }
    }
    if (calibration != null && (threshold == null || !ThresholdOption.parse(threshold).calibrated())) {
      throw new IllegalArgumentException("--calibration applies to --threshold far:<FAR> only");
    }
    if (!run.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("--run-id '" + run + "' must use letters, digits, '.', '_' or '-' only"
          + " (it names a directory)");
    }
  }

  /**
   * How both sides' faces were cut, from the tables as written (the inputs above keep only the
   * columns the search needs); the calibration must have been measured on the same.
   */
  private String alignment(SparkSession spark) {
    if (scenario != null) {
      return FaceAlignment.of(spark.read().parquet(faces)).alignment();
    }
    String p = FaceAlignment.of(spark.read().parquet(probes)).alignment();
    String g = FaceAlignment.of(spark.read().parquet(gallery)).alignment();
    return p.equals(g) ? p : "probes " + p + ", gallery " + g;
  }

  private static void print(PrintWriter out, Map<String, Object> summary) {
    TextTable table = new TextTable("watchlist", "value");
    summary.forEach((k, v) -> table.add(k, v instanceof Double d
        ? String.format(Locale.ROOT, Math.abs(d) < 1e-3 && d != 0 ? "%.3e" : "%.4f", d) : v == null ? "-" : v));
    out.println();
    out.print(table);
    out.flush();
  }
}
