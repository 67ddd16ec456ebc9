package io.facespark.jobs.embed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.facespark.core.image.ImageDecoder;
import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.FixedFaceBox;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.jobs.spark.SerializableHadoopConf;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.table.OutputLock;
import io.facespark.jobs.table.TableWriter;
import io.facespark.jobs.table.WriteMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facespark embed}: images on any Hadoop path to a Parquet faces table and a rejects table. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = {
        "Embeds every image under --input with a face model into a Parquet faces table.",
        "The faces table has one row per face: image_id, path, label, face_index, bbox, det_score,"
            + " det_pass, embedding, model, model_version, embedded_at. Every input file that yields no face becomes"
            + " a row of the rejects table (path, stage, reason, rejected_at) instead; the job never fails"
            + " on a bad image. Prints the counts of both at the end."})
public final class EmbedCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "A directory (read recursively; the parent folder is the label), a glob, or a"
          + " manifest (.csv with a header or .parquet) with a 'path' and optional 'label' column."
          + " Any Hadoop filesystem URI.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "The faces table (Parquet directory)."
      + " A run locks it (and --rejects) while it writes; a second run on the same output is refused.")
  String output;

  @Option(names = "--rejects", paramLabel = "PATH", description = "The rejects table (default: <output>_rejects).")
  String rejects;

  @Option(names = "--model", defaultValue = ModelSpec.DEFAULT, paramLabel = "SPEC",
      description = "The face model: facerec (default, the bundled 128-d net), mobilefacenet (192-d, research-only"
          + " weights: see the README), a fusion of models joined by commas (facerec,mobilefacenet), dl4j:<zip> or"
          + " vggface:<zip>[#pool5|#fc7].")
  String model;

  @Option(names = "--crop", defaultValue = CropOption.DEFAULT, paramLabel = "BOX",
      description = "lfw (default: the box for pre-aligned, centred faces that suits the model's chip) or the"
          + " four fractions left, top, width and height, separated by commas.")
  String crop;

  @Option(names = "--tta", defaultValue = "none", paramLabel = "none|flip|jitter:N",
      description = "Test-time augmentation: flip averages each face with its mirror image (2x compute);"
          + " jitter:N averages N seeded random jitters of the aligned face (small rotation, zoom, shift"
          + " and mirror, as dlib's num_jitters; N x compute).")
  String tta;

  @Option(names = "--batch-size", defaultValue = "32", description = "Faces per model call (default 32).")
  int batchSize;

  @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|append",
      description = "If the output exists: error (default), overwrite (swap in a complete new table),"
          + " or append (add images not yet in the faces or rejects table; same model version only).")
  String mode;

  @Option(names = "--partitions", defaultValue = "0",
      description = "Tasks to split the images into (default: 4 per core, at least 1 per 2,000 images).")
  int partitions;

  @Option(names = "--max-pixels", defaultValue = "" + ImageDecoder.DEFAULT_MAX_PIXELS,
      description = "Reject images whose header claims more pixels (decompression-bomb guard).")
  long maxPixels;

  @Option(names = "--min-image-size", defaultValue = "" + ImageDecoder.DEFAULT_MIN_SIDE,
      description = "Reject images smaller than this many pixels on a side.")
  int minImageSize;

  @Option(names = "--max-file-mb", defaultValue = "64", description = "Reject files larger than this (MB) unread.")
  long maxFileMb;

  @Option(names = "--read-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Reject a file whose read takes longer than this (a hung network mount, a pipe), default 60.")
  long readTimeout;

  @Option(names = "--detect", defaultValue = "none", paramLabel = "none|box|all|largest",
      description = "none (default): each image is one pre-aligned face, cut by --crop. box: each image is one"
          + " pre-cropped face in --face-box, aligned on the 68 landmarks found there (no detector). all: every"
          + " face the detector (--detector) finds becomes a row (face_index 0 = largest), aligned on its 68"
          + " landmarks; largest: only the main face (the largest, weighed against distance from the centre: of"
          + " two faces of similar size the central one). An image with no face becomes a reject at stage detect"
          + " (see --no-face).")
  String detect;

  @Option(names = "--detector", defaultValue = DetectorSource.DEFAULT_DETECTOR, paramLabel = "blazeface|ssd",
      description = "With --detect all|largest: blazeface (default; MediaPipe BlazeFace, 256 px input, ~0.6 GFLOP"
          + " a photo) or ssd (face-api's SSD MobileNet v1, 512 px input, ~6 GFLOP a photo).")
  String detector;

  @Option(names = "--det-passes", defaultValue = "zoom", paramLabel = "zoom|multi|single",
      description = "zoom (default): the detector also runs on overlapping 1024 px tiles of photos over 2000 px"
          + " (small faces), takes a zoomed second look at up to 2 places per photo blazeface was unsure of"
          + " (bowed or turned heads) and, when it found nothing, runs on the image framed in a black border"
          + " (tight crops, ID photos); the summary counts faces by pass. multi: the same without the zoomed"
          + " look (about 3.5%% faster at 640 px). single: one pass over the whole image.")
  String detPasses;

  @Option(names = "--landmarks", defaultValue = "68", paramLabel = "68|mesh|68+mesh",
      description = "With --detect all|largest: the points a face is aligned on. 68 (default): face-api's 68-point"
          + " net. mesh: MediaPipe FaceMesh (468 points, framed by blazeface's keypoints), whose eye centres, nose"
          + " tip and mouth corners give the five arcface points. 68+mesh: both; the model embeds the chip cut on"
          + " each and the face's embedding is their average (renormalised); about twice the landmark and model"
          + " time. mesh and 68+mesh: blazeface and a single arcface-chip model (mobilefacenet) only; they add"
          + " +mesh or +68+mesh to model_version.")
  String landmarks;

  @Option(names = "--face-box", defaultValue = BoxOption.LFW, paramLabel = "BOX",
      description = "With --detect box: where the face is in every image, as a detector would box it:"
          + " lfw (default; LFW deep-funneled and similar tight crops) or the fractions LEFT,TOP,WIDTH,HEIGHT.")
  String faceBox;

  @Option(names = "--no-face", defaultValue = "reject", paramLabel = "reject|crop",
      description = "Detection found no face: reject (default) makes the image a reject at stage detect;"
          + " crop embeds the whole image cut by --crop as face 0 with NULL bbox and det_score (for"
          + " pre-aligned datasets whose evaluation needs every image).")
  String noFace;

  @Option(names = "--min-face", defaultValue = "" + SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, paramLabel = "PIXELS",
      description = "Detection: ignore faces smaller than this on their shorter side (default 40).")
  int minFace;

  @Option(names = "--det-threshold", paramLabel = "SCORE",
      description = "Detection: minimum detector score in (0, 1) (default: " + BlazeFaceDetector.DEFAULT_MIN_SCORE
          + " for blazeface, " + SsdFaceDetector.DEFAULT_MIN_SCORE + " for ssd).")
  Double detThreshold;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Model cache (default: ~/.cache/facespark, or $FACESPARK_CACHE if set).")
  Path cacheDir;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    // Configuration is checked before Spark starts a stage: options, outputs, the model itself.
    WriteMode writeMode = WriteMode.parse(mode, WriteMode.values());
    TestTimeAugmentation augmentation = TestTimeAugmentation.parse(tta);
    ModelCache cache = cacheDir == null ? ModelCache.locate() : ModelCache.at(cacheDir);
    EmbedderSource source = FaceEmbedders.source(ModelSpec.parse(model), augmentation, cache);
    DetectMode detectMode = DetectMode.parse(detect);
    NoFacePolicy noFacePolicy = NoFacePolicy.parse(noFace);
    if (!detectMode.detects()) {
      for (String option : new String[] {"--detector", "--det-passes", "--det-threshold", "--landmarks"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new IllegalArgumentException(option + " applies to --detect all|largest only (got --detect " + detect + ")");
        }
      }
    }
    if (detectMode != DetectMode.BOX && spec.commandLine().getParseResult().hasMatchedOption("--face-box")) {
      throw new IllegalArgumentException("--face-box applies to --detect box only (got --detect " + detect + ")");
    }
    DetectorSource detectorSource = switch (detectMode) {
      case NONE -> null;
      case BOX -> DetectorSource.fixedBox(cache.requireVerifiedModelDir(),
          BoxOption.parse("--face-box", faceBox, FixedFaceBox.LFW_DEEPFUNNELED));
      case ALL, LARGEST -> {
        String passes = parsePasses(detPasses);
        yield DetectorSource.detector(detector, cache, detThreshold, minFace, !passes.equals("single"),
            passes.equals("zoom"), DetectorSource.Landmarks.parse(landmarks));
      }
    };
    // Building the model on the driver proves it loads before any stage starts; it is built while
    // the session starts. The instance then joins this JVM's pool: in local mode the driver is
    // the executor, so a task reuses it (unless earlier runs in this JVM already filled the pool).
    DriverModel building = DriverModel.start(source);
    SparkSession spark;
    try {
      spark = SparkSessions.getOrCreate("facespark-embed");
    } catch (RuntimeException | Error e) {
      building.join();  // a model that fails to load is reported first, as when it was built first
      throw e;
    }
    FaceEmbedder probe = building.join();
    DetectorSource.Landmarks landmarkKind = detectorSource == null ? DetectorSource.Landmarks.L68
        : detectorSource.landmarks();
    checkLandmarksFit(landmarkKind, probe);
    String modelName = probe.modelName();
    String modelVersion = probe.modelVersion();
    ExecutorModels.adopt(modelVersion, probe);
    EmbedSettings settings = new EmbedSettings(batchSize, maxPixels, minImageSize, maxFileMb * 1_000_000L,
        readTimeout, crop,
        detectMode, noFacePolicy, modelVersion,
        spark.conf().get("spark.facespark.test.failFirstAttempt", "false").equals("true"));
    TableWriter faces = new TableWriter(spark, output);
    TableWriter rejected = new TableWriter(spark, rejects != null ? rejects : output + "_rejects");
    String runId = UUID.randomUUID().toString();
    try (OutputLock facesLock = faces.lock("--output", runId);
         OutputLock rejectsLock = rejected.lock("--rejects", runId)) {
      for (OutputLock lock : List.of(facesLock, rejectsLock)) {
        if (lock.tookOver() != null) {
          out.println("NOTE: " + lock.tookOver());
        }
      }
      out.flush();
      // The table's version names the alignment too; the pool above keys the embedder by its own.
      return run(spark, out, started, settings, source, detectorSource, writeMode, modelName,
          modelVersion + landmarkKind.versionSuffix(), faces, rejected);
    }
  }

  private int run(SparkSession spark, PrintWriter out, long started, EmbedSettings settings, EmbedderSource source,
                  DetectorSource detectorSource, WriteMode writeMode, String modelName, String modelVersion,
                  TableWriter faces, TableWriter rejected) {
    faces.checkWritable(writeMode, "--output");
    rejected.checkWritable(writeMode, "--rejects");
    ImageInputs.Listing listing = ImageInputs.resolve(spark, input);
    Dataset<Row> inputs = listing.files();
    long files = listing.count();
    long skipped = 0;
    if (writeMode == WriteMode.APPEND) {
      // Checkpointed so the plan no longer reads the output tables: Spark re-caches every plan
      // that reads a path it writes, which would re-run this anti-join against the new rows.
      inputs = withoutEmbedded(inputs, faces, rejected, modelVersion).localCheckpoint(true);
      long listed = files;
      files = inputs.count();
      skipped = listed - files;
    }
    if (files == 0 && skipped == 0) {
      throw new IllegalArgumentException("--input " + input + " contains no files");
    }
    int tasks = EmbedSplits.tasks(partitions, files, spark.sparkContext().defaultParallelism());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<EmbedderSource> broadcastModel = jsc.broadcast(source);
    Broadcast<DetectorSource> broadcastDetector = detectorSource == null ? null : jsc.broadcast(detectorSource);
    Broadcast<SerializableHadoopConf> hadoop = jsc.broadcast(new SerializableHadoopConf(jsc.hadoopConfiguration()));
    // Append mode filtered the listing in Spark: its rows are spread by a shuffle like a manifest's.
    Dataset<Row> split = writeMode == WriteMode.APPEND ? inputs.repartition(tasks) : listing.inTasks(tasks);
    EmbedTallies tallies = new EmbedTallies();
    spark.sparkContext().register(tallies, "embed tallies");
    Dataset<Row> results = split
        .mapPartitions(new EmbedPartition(broadcastModel, broadcastDetector, hadoop, settings, tallies),
            Encoders.row(EmbedResults.SCHEMA))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Timestamp at = new Timestamp(System.currentTimeMillis());
    try {
      // The faces write embeds every image: Spark's adaptive execution first fills the cache, in
      // `tasks` tasks (its own Spark job), then writes from it into fewer, larger files than tasks
      // for small runs (merging cached partitions: no shuffle, nothing computed again). The tasks
      // count their rows on the way, so the summary needs no pass of its own. Without adaptive
      // execution the merge would reach back into the embedding, so the cache is filled first.
      if (!spark.sessionState().conf().adaptiveExecutionEnabled()) {
        results.foreachPartition((ForeachPartitionFunction<Row>) rows -> { });
      }
      int outputFiles = EmbedSplits.outputFiles(files, tasks, spark.sparkContext().defaultParallelism());
      Dataset<Row> cached = outputFiles < tasks ? results.coalesce(outputFiles) : results;
      faces.write(cached.filter(col("kind").equalTo(EmbedResults.FACE)).select(
          col("image_id"), col("path"), col("label"), col("face_index"), col("bbox"), col("det_score"),
          col("det_pass"), col("embedding"), lit(modelName).as("model"), lit(modelVersion).as("model_version"),
          lit(at).as("embedded_at")), writeMode);
      EmbedTally tally = tallies.value();
      Dataset<Row> rejectRows = cached.filter(col("kind").equalTo(EmbedResults.REJECT)).select(
          col("path"), col("stage"), col("reason"), lit(at).as("rejected_at"));
      // With no rejects (the usual run) the empty table is written without another pass over the cache.
      rejected.write(tally.rejectsByStage.isEmpty() ? spark.createDataFrame(List.of(), rejectRows.schema()) : rejectRows,
          writeMode);
      EmbedSummary summary = EmbedSummary.of(tally, settings.detect().detects(), files, skipped,
          listing.skippedLinks(),
          (System.nanoTime() - started) / 1e9);
      out.println();
      out.print(summary.table(modelVersion, faces.location().toString(), rejected.location().toString()));
      out.flush();
      if (!summary.reconciles()) {
        out.println("ERROR: the counts do not add up (every file must be a face or a reject); this is a bug.");
        out.flush();
        return 3;
      }
      return 0;
    } finally {
      results.unpersist();
      listing.release();
      broadcastModel.destroy();
      if (broadcastDetector != null) {
        broadcastDetector.destroy();
      }
      hadoop.destroy();
    }
  }

  /** Append mode: refuse another model's table; skip files the tables already account for. */
  private static Dataset<Row> withoutEmbedded(Dataset<Row> inputs, TableWriter faces, TableWriter rejected,
                                              String modelVersion) {
    Dataset<Row> seen = null;
    if (faces.exists()) {
      List<Row> versions = faces.readExisting().select("model_version").distinct().collectAsList();
      for (Row version : versions) {
        if (!modelVersion.equals(version.getString(0))) {
          throw new IllegalArgumentException("--output " + faces.location() + " holds embeddings of model_version "
              + version.getString(0) + " but this run uses " + modelVersion + "; embeddings of different models"
              + " must not share a table. Write to a new --output, or --mode overwrite.");
        }
      }
      seen = faces.readExisting().select("path");
    }
    if (rejected.exists()) {
      Dataset<Row> rejectedPaths = rejected.readExisting().select("path");
      seen = seen == null ? rejectedPaths : seen.union(rejectedPaths);
    }
    if (seen == null) {
      return inputs;
    }
    Dataset<Row> known = seen.distinct().withColumnRenamed("path", "known_path");
    return inputs.join(known, inputs.col("path").equalTo(known.col("known_path")), "left_anti");
  }

  /** FaceMesh's five points cut arcface chips only; averaging two alignments needs one model. */
  private void checkLandmarksFit(DetectorSource.Landmarks kind, FaceEmbedder probe) {
    if (kind == DetectorSource.Landmarks.BOTH && probe.chipSpecs().size() > 1) {
      throw new IllegalArgumentException("--landmarks 68+mesh averages one model's embeddings of two chips, but --model "
          + model + " is a fusion: use a single arcface-chip model (mobilefacenet), or --landmarks 68");
    }
    if (kind != DetectorSource.Landmarks.L68) {
      for (InputSpec chip : probe.chipSpecs()) {
        if (chip.chip() != ChipStyle.ARCFACE) {
          throw new IllegalArgumentException("--landmarks " + kind.option() + " needs the five arcface points of"
              + " FaceMesh, but --model " + model + " takes a " + chip.chip().name().toLowerCase(Locale.ROOT)
              + "-style chip: use --landmarks 68, or an arcface-chip model (mobilefacenet)");
        }
      }
    }
  }

  /** The passes named, checked: multi, zoom or single. */
  private static String parsePasses(String text) {
    String passes = text.trim();
    if (!List.of("zoom", "multi", "single").contains(passes)) {
      throw new IllegalArgumentException("--det-passes must be zoom, multi or single, got '" + text + "'");
    }
    return passes;
  }
}
