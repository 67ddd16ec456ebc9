package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.facespark.jobs.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The matches table (GUIDE §4), partitioned by {@code run_id}. A run replaces its own partition
 * only (Spark's dynamic partition overwrite: the new partition is staged and moved in at commit),
 * so rerunning a night replaces that night and leaves the others alone.
 */
final class MatchesTable {

  private final SparkSession spark;
  private final String location;
  private final Path path;
  private final FileSystem fs;

  MatchesTable(SparkSession spark, String location) {
    this.spark = spark;
    this.location = location;
    try {
      Path p = new Path(location);
      this.fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      this.path = fs.makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open --output " + location + ": " + e.getMessage(), e);
    }
  }

  /** Refuses, before any work, an output that holds something other than a matches table. */
  void checkWritable() {
    try {
      if (!fs.exists(path)) {
        return;
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        throw new IllegalArgumentException("--output " + path + " is a file, not a matches table directory");
      }
      boolean looksLikeMatches = Arrays.stream(fs.listStatus(path)).allMatch(s -> {
        String name = s.getPath().getName();
        return name.startsWith("run_id=") || name.startsWith("_") || name.startsWith(".");
      });
      if (!looksLikeMatches) {
        throw new IllegalArgumentException("--output " + path + " exists and is not a matches table (it holds"
            + " files outside run_id=... partitions); choose another --output");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The named candidates ({@link ProbeSearch#CANDIDATES}) as matches rows; with a threshold,
   * candidates below it are dropped and a probe left with none gets one unknown row carrying its
   * best score.
   */
  static Dataset<Row> rows(Dataset<Row> named, Float threshold, String modelVersion, String runId) {
    Dataset<Row> result = named;
    if (threshold != null) {
      Dataset<Row> kept = named.filter(col("score").geq(threshold));
      Dataset<Row> unknown = named.filter(col("rank").equalTo(1)).filter(col("score").lt(threshold))
          .withColumn("gallery_id", lit(null).cast("string"))
          .withColumn("gallery_face_index", lit(null).cast("int"))
          .withColumn("gallery_label", lit(null).cast("string"))
          .withColumn("rank", lit(null).cast("int"));
      result = kept.unionByName(unknown);
    }
    List<Column> columns = Arrays.stream(Tables.MATCHES.fieldNames()).map(name -> switch (name) {
      case "model_version" -> lit(modelVersion).as(name);
      case "run_id" -> lit(runId).as(name);
      default -> col(name);
    }).toList();
    return result.select(columns.toArray(new Column[0]));
  }

  void write(Dataset<Row> rows) {
    rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
        .partitionBy("run_id").parquet(location);
  }

  /** An empty run still replaces its night: whatever an earlier run of this id wrote is removed. */
  void clearRun(String runId) {
    try {
      fs.delete(new Path(path, "run_id=" + runId), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path + "/run_id=" + runId + ": " + e.getMessage(), e);
    }
  }

  Dataset<Row> read(String runId) {
    return spark.read().parquet(location).filter(col("run_id").equalTo(runId));
  }
}
