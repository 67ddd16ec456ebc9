package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/** Reading and checking the probe and gallery faces tables, before any search stage. */
public final class WatchlistInputs {

  static final List<String> REQUIRED = List.of("image_id", "path", "label", "face_index", "embedding", "model_version");

  private WatchlistInputs() {
  }

  public static Dataset<Row> read(SparkSession spark, String location, String option) {
    try {
      Path path = new Path(location);
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw new IllegalArgumentException(option + " " + location + " does not exist; give a faces table"
            + " written by 'facespark embed'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + option + " " + location + ": " + e.getMessage(), e);
    }
    Dataset<Row> faces = spark.read().parquet(location);
    List<String> missing = REQUIRED.stream().filter(c -> !Arrays.asList(faces.columns()).contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(option + " " + location + " is not a faces table: no column(s) "
          + String.join(", ", missing));
    }
    return faces.select(REQUIRED.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * The model guard: both tables must come from one model version, the same one; refused before the
   * search. Returns that version, or null when both tables are empty.
   */
  static String modelVersion(TreeSet<String> probeVersions, TreeSet<String> galleryVersions) {
    if (probeVersions.size() > 1 || galleryVersions.size() > 1) {
      throw new IllegalArgumentException("a table mixes model versions (probes: " + probeVersions + ", gallery: "
          + galleryVersions + "); embed each table with one model");
    }
    if (!probeVersions.isEmpty() && !galleryVersions.isEmpty() && !probeVersions.equals(galleryVersions)) {
      throw new IllegalArgumentException("probes were embedded by " + probeVersions.first() + " but the gallery by "
          + galleryVersions.first() + "; their scores are not comparable. Re-embed one side with the other's model");
    }
    return !galleryVersions.isEmpty() ? galleryVersions.first() : probeVersions.isEmpty() ? null : probeVersions.first();
  }

  /** The LFW open-set scenario from one labelled faces table (one face per image: the lowest face_index). */
  public record Scenario(Dataset<Row> gallery, Dataset<Row> probes) {
  }

  /**
   * Gallery: the first image (by path) of each person with two or more images; mated probes: their
   * other images; non-mated probes: the people with a single image.
   */
  public static Scenario lfwScenario(Dataset<Row> faces) {
    Dataset<Row> images = faces.filter(col("label").isNotNull())
        .withColumn("_face", row_number().over(Window.partitionBy("path").orderBy("face_index")))
        .filter(col("_face").equalTo(1)).drop("_face")
        .withColumn("_nth", row_number().over(Window.partitionBy("label").orderBy("path")))
        .withColumn("_images", count("*").over(Window.partitionBy("label")));
    Dataset<Row> gallery = images.filter("_images >= 2 AND _nth = 1").drop("_nth", "_images");
    Dataset<Row> probes = images.filter("_images = 1 OR _nth > 1").drop("_nth", "_images");
    return new Scenario(gallery, probes);
  }
}
