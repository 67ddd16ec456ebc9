package io.facespark.jobs.table;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** The Parquet tables of GUIDE §4, defined once; every job writes and checks against these. */
public final class Tables {

  private Tables() {
  }

  /** Face box in pixels of the decoded image. */
  public static final StructType BBOX = createStructType(List.of(
      createStructField("x", FloatType, false),
      createStructField("y", FloatType, false),
      createStructField("w", FloatType, false),
      createStructField("h", FloatType, false)));

  /** One row per detected face (or per image when detection is off). */
  public static final StructType FACES = createStructType(List.of(
      createStructField("image_id", StringType, false),
      createStructField("path", StringType, false),
      createStructField("label", StringType, true),
      createStructField("face_index", IntegerType, false),
      createStructField("bbox", BBOX, true),
      createStructField("det_score", FloatType, true),
      // Which detection pass found the face (full, tiled, padded); NULL when no detector ran.
      createStructField("det_pass", StringType, true),
      createStructField("embedding", createArrayType(FloatType, false), false),
      createStructField("model", StringType, false),
      createStructField("model_version", StringType, false),
      createStructField("embedded_at", TimestampType, false)));

  /** One row per input file that produced no face row. */
  public static final StructType REJECTS = createStructType(List.of(
      createStructField("path", StringType, false),
      createStructField("stage", StringType, false),
      createStructField("reason", StringType, false),
      createStructField("rejected_at", TimestampType, false)));

  /**
   * One row per (probe face, rank) of a watchlist run, or one "unknown" row (gallery columns and
   * rank NULL, score = the probe's best) when no candidate reaches the threshold. Partitioned by
   * {@code run_id} on disk.
   */
  public static final StructType MATCHES = createStructType(List.of(
      createStructField("probe_id", StringType, false),
      createStructField("probe_face_index", IntegerType, false),
      createStructField("probe_path", StringType, true),
      createStructField("probe_label", StringType, true),
      createStructField("gallery_id", StringType, true),
      createStructField("gallery_face_index", IntegerType, true),
      createStructField("gallery_label", StringType, true),
      createStructField("rank", IntegerType, true),
      createStructField("score", FloatType, true),
      createStructField("model_version", StringType, false),
      createStructField("run_id", StringType, false)));
}
