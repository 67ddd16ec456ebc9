package io.facespark.jobs.train;

import static org.apache.spark.sql.functions.lit;

import io.facespark.core.report.TextTable;
import io.facespark.core.train.EmbeddingHead;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.table.TableWriter;
import io.facespark.jobs.table.Tables;
import io.facespark.jobs.table.WriteMode;
import io.facespark.jobs.watchlist.FaceVectors;
import io.facespark.jobs.watchlist.WatchlistInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facespark project}: a faces table re-embedded through a trained head, from stored embeddings. */
@Command(name = "project", mixinStandardHelpOptions = true,
    description = {
        "Re-embeds a faces table through a head from 'facespark train'.",
        "It works from the stored embeddings (no images are read). The new table has the head's"
            + " model_version; the table must come from the model the head was trained on."})
public final class ProjectCommand implements Callable<Integer> {

  @Option(names = "--faces", required = true, paramLabel = "TABLE", description = "Faces table of the head's base model.")
  String faces;

  @Option(names = "--head", required = true, paramLabel = "DIR", description = "A head directory written by train.")
  Path head;

  @Option(names = "--output", required = true, paramLabel = "TABLE", description = "The new faces table.")
  String output;

  @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite",
      description = "If the output exists: error (default) or overwrite.")
  String mode;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    WriteMode writeMode = WriteMode.parse(mode, WriteMode.ERROR, WriteMode.OVERWRITE);
    EmbeddingHead model = EmbeddingHead.load(head);
    SparkSession spark = SparkSessions.getOrCreate("facespark-project");
    TableWriter writer = new TableWriter(spark, output);
    writer.checkWritable(writeMode, "--output");
    // The shared check first: a missing path or a table without the faces columns gets one line.
    WatchlistInputs.read(spark, faces, "--faces");
    Dataset<Row> read = spark.read().parquet(faces);
    // Tables written before det_pass existed project as rows of unknown pass.
    Dataset<Row> table = Arrays.asList(read.columns()).contains("det_pass") ? read
        : read.withColumn("det_pass", lit(null).cast(DataTypes.StringType));
    List<String> missing = Arrays.stream(Tables.FACES.fieldNames())
        .filter(c -> !Arrays.asList(table.columns()).contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("--faces " + faces + " is not a faces table: no column(s) " + String.join(", ", missing));
    }
    FaceVectors vectors = FaceVectors.measure(table, model.info().baseDim());
    String base = model.info().baseModelVersion();
    if (!vectors.versions().isEmpty() && !vectors.versions().equals(new java.util.TreeSet<>(List.of(base)))) {
      throw new IllegalArgumentException("--faces " + faces + " holds embeddings of " + vectors.versions() + " but head "
          + model.version() + " was trained on " + base + "; project a table of that model (or train a head on this one)");
    }
    if (!vectors.excluded().isEmpty()) {
      throw new IllegalArgumentException("--faces " + faces + " has rows the head cannot take: " + vectors.excluded()
          + "; re-embed those images (or filter them out) and project again");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[][]> bytes = jsc.broadcast(new byte[][] {model.networkBytes(), model.infoBytes()});
    try {
      Dataset<Row> projected = table.select(Tables.FACES.fieldNames()[0], Arrays.copyOfRange(Tables.FACES.fieldNames(), 1,
              Tables.FACES.fieldNames().length))
          .mapPartitions(new HeadProjection(bytes, new Timestamp(System.currentTimeMillis())), Encoders.row(Tables.FACES));
      writer.write(projected, writeMode);
    } finally {
      bytes.destroy();
    }
    long rows = spark.read().parquet(writer.location().toString()).count();
    TextTable summary = new TextTable("project", "value");
    summary.add("base model", base);
    summary.add("head version", model.version());
    summary.add("rows projected", rows);
    summary.add("embedding", model.info().baseDim() + " -> " + model.dimension());
    summary.add("wall time", String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9));
    summary.add("faces table", writer.location().toString());
    out.println();
    out.print(summary);
    out.flush();
    return rows == vectors.valid() ? 0 : 3;
  }
}
