package io.facespark.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.facespark.core.report.TextTable;
import io.facespark.core.train.HeadConfig;
import io.facespark.core.train.TrainingSet;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.watchlist.FaceVectors;
import io.facespark.jobs.watchlist.WatchlistInputs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facespark train}: an embedding head on a labelled faces table, trained with dl4j-spark. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {
        "Trains an embedding head on the frozen embeddings of a labelled faces table.",
        "The head (a linear map or a two-layer MLP) is trained with dl4j-spark (parameter averaging) and"
            + " written to --output as head.zip and head.json. Use it with 'facespark project' to re-embed a"
            + " table, or embed with it: 'embed --model facerec+head:<dir>'."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--faces", required = true, paramLabel = "TABLE", description = "Labelled faces table (one model version).")
  String faces;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "The head directory to write (must not exist).")
  Path output;

  @Option(names = "--loss", defaultValue = HeadConfig.ARCFACE, paramLabel = "arcface|am-softmax|triplet",
      description = "Training loss (default arcface).")
  String loss;

  @Option(names = "--dim", defaultValue = "128", description = "Output embedding width (default 128).")
  int dim;

  @Option(names = "--hidden", defaultValue = "0", description = "Hidden ReLU layer width; 0 (default) trains a linear map.")
  int hidden;

  @Option(names = "--scale", defaultValue = "30", description = "arcface/am-softmax: logit scale s (default 30).")
  double scale;

  @Option(names = "--margin", paramLabel = "M",
      description = "Margin: arcface angle (default 0.3), am-softmax cosine (default 0.2), triplet squared distance (default 0.2).")
  Double margin;

  @Option(names = "--epochs", defaultValue = "10", description = "Passes over the table (default 10).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "256", description = "Examples per minibatch and worker (default 256).")
  int batchSize;

  @Option(names = "--images-per-label", defaultValue = "4",
      description = "triplet: images of one label per group in a batch (P x K batches; default 4).")
  int imagesPerLabel;

  @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default 0.001).")
  double learningRate;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the weights and the batches (default 42).")
  long seed;

  @Option(names = "--workers", defaultValue = "0",
      description = "Data partitions trained in parallel (default: Spark's default parallelism).")
  int workers;

  @Option(names = "--averaging-frequency", defaultValue = "1",
      description = "Minibatches per worker between parameter averages (default 1).")
  int averagingFrequency;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double m = margin != null ? margin : loss.trim().equalsIgnoreCase(HeadConfig.ARCFACE) ? 0.3 : 0.2;
    HeadConfig config = new HeadConfig(loss, hidden, dim, scale, m, epochs, batchSize, imagesPerLabel, learningRate, seed);
    if (Files.exists(output)) {
      throw new IllegalArgumentException("--output " + output + " exists; give a new directory (heads are never overwritten)");
    }
    SparkSession spark = SparkSessions.getOrCreate("facespark-train");
    Dataset<Row> table = WatchlistInputs.read(spark, faces, "--faces");
    FaceVectors vectors = FaceVectors.measure(table, 0);
    if (vectors.versions().size() > 1) {
      throw new IllegalArgumentException("--faces " + faces + " mixes model versions " + vectors.versions()
          + "; a head is trained on one model's embeddings");
    }
    if (vectors.labelled() == 0) {
      throw new IllegalArgumentException("--faces " + faces + " has no labelled faces with a usable embedding"
          + (vectors.excluded().isEmpty() ? "" : " (excluded: " + vectors.excluded() + ")"));
    }
    String baseVersion = vectors.versions().first();
    List<float[]> embeddings = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    // One face per image (face_index 0: the largest): a second face in a photo is usually someone else.
    for (Row row : FaceVectors.usable(table, vectors.dimension()).filter(col("label").isNotNull())
        .filter(col("face_index").equalTo(0)).orderBy("image_id").select("embedding", "label").collectAsList()) {
      List<Float> values = row.getList(0);
      float[] e = new float[values.size()];
      for (int i = 0; i < e.length; i++) {
        e[i] = values.get(i);
      }
      embeddings.add(e);
      labels.add(row.getString(1));
    }
    TrainingSet set = TrainingSet.of(embeddings, labels);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parallel = workers > 0 ? workers : jsc.defaultParallelism();
    SparkHeadTrainer.Result result = SparkHeadTrainer.train(jsc, set, config, baseVersion, parallel, averagingFrequency);
    result.head().save(output);

    TextTable summary = new TextTable("train", "value");
    summary.add("base model", baseVersion);
    summary.add("head version", result.head().version());
    summary.add("loss", String.format(Locale.ROOT, "%s (s %.1f, m %.2f)", config.loss(), config.scale(), config.margin()));
    summary.add("layers", (hidden > 0 ? vectors.dimension() + " -> " + hidden + " (ReLU) -> " : vectors.dimension() + " -> ")
        + dim);
    summary.add("training faces", set.rows());
    summary.add("labels", set.classes());
    summary.add("labels skipped (one face)", set.skippedSingletonLabels());
    vectors.excluded().forEach((why, n) -> summary.add("excluded: " + why, n));
    summary.add("workers x batch", parallel + " x " + batchSize);
    for (int e = 0; e < result.epochScores().size(); e++) {
      summary.add("epoch " + (e + 1) + " loss", String.format(Locale.ROOT, "%.4f", result.epochScores().get(e)));
    }
    summary.add("training time", String.format(Locale.ROOT, "%.1f s", result.seconds()));
    summary.add("samples/s", String.format(Locale.ROOT, "%.0f", result.examples() / Math.max(result.seconds(), 1e-9)));
    summary.add("head", output.toAbsolutePath().toString());
    out.println();
    out.print(summary);
    out.flush();
    return 0;
  }
}
