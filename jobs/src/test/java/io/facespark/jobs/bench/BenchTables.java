package io.facespark.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Synthetic faces tables for the search benchmarks: the embed job's schema, unit vectors. */
final class BenchTables {

  /** Files of a "many" table: what a cluster's embed job writes (one per task). */
  static final int MANY_FILES = 32;
  private static final int DIM = 128;

  private BenchTables() {
  }

  /**
   * {@code rows} unit 128-d vectors (a cube's points normalised: the job would renormalise them
   * anyway), written as one Parquet file ({@code single}) or {@link #MANY_FILES} ({@code many});
   * reused when a finished table is already there.
   */
  static Path unitFaces(SparkSession spark, Path work, String name, int rows, int seed, String layout) {
    if (!layout.equals("single") && !layout.equals("many")) {
      throw new IllegalArgumentException("--files is single, many or both, got " + layout);
    }
    Path table = work.resolve(name + "-" + rows + "-" + layout);
    if (Files.exists(table.resolve("_SUCCESS"))) {
      return table;
    }
    System.err.printf("bench: writing %,d faces to %s%n", rows, table);
    String raw = "transform(sequence(0, " + (DIM - 1) + "), i -> CAST(hash(id, i, " + seed + ") AS DOUBLE) / 2147483648D)";
    Dataset<Row> faces = spark.range(0, rows, 1, Math.max(1, rows / 50_000))
        .selectExpr("id", raw + " AS v")
        .selectExpr("md5(CAST(id * 7 + " + seed + " AS STRING)) AS image_id", "concat('file:/bench/', id, '.jpg') AS path",
            "CAST(NULL AS STRING) AS label", "0 AS face_index",
            "CAST(NULL AS STRUCT<x: FLOAT, y: FLOAT, w: FLOAT, h: FLOAT>) AS bbox", "CAST(NULL AS FLOAT) AS det_score",
            "CAST(NULL AS STRING) AS det_pass",
            "transform(v, x -> CAST(x / sqrt(aggregate(v, 0D, (a, y) -> a + y * y)) AS FLOAT)) AS embedding",
            "'bench' AS model", "'bench-1' AS model_version", "current_timestamp() AS embedded_at");
    (layout.equals("single") ? faces.coalesce(1) : faces.repartition(MANY_FILES))
        .write().mode("overwrite").parquet(table.toString());
    return table;
  }
}
