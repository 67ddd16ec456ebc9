package io.facespark.jobs.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the faces of a table were cut, read from the table itself, so a calibrated threshold is only
 * applied to faces prepared the way it was measured. embed leaves {@code bbox} NULL for a fixed
 * crop ({@code --detect none}, or {@code --no-face crop}); a landmark-aligned face has a box, with a
 * detector score ({@code --detect all|largest}) or without one ({@code --detect box}). {@code detect}
 * is written as the embed option that gives it.
 */
public record FaceAlignment(String alignment, String detect) {

  public static final String LANDMARKS = "landmarks";
  public static final String CROP = "crop";
  public static final String MIXED = "mixed";
  public static final String UNKNOWN = "unknown";

  public static FaceAlignment of(Dataset<Row> faces) {
    if (!Arrays.asList(faces.columns()).containsAll(java.util.List.of("bbox", "det_score"))) {
      return new FaceAlignment(UNKNOWN, UNKNOWN);
    }
    Row counts = faces.agg(count(lit(1)), sum(when(col("bbox").isNull(), 1).otherwise(0)),
        sum(when(col("bbox").isNotNull().and(col("det_score").isNull()), 1).otherwise(0))).first();
    long rows = counts.getLong(0);
    long cropped = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long boxed = counts.isNullAt(2) ? 0 : counts.getLong(2);
    if (rows == 0) {
      return new FaceAlignment(UNKNOWN, UNKNOWN);
    }
    if (cropped == rows) {
      return new FaceAlignment(CROP, "none");
    }
    if (cropped > 0) {
      return new FaceAlignment(MIXED, MIXED);
    }
    return new FaceAlignment(LANDMARKS, boxed == rows ? "box" : boxed == 0 ? "all|largest" : MIXED);
  }
}
