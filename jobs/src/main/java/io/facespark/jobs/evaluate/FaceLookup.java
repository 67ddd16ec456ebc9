package io.facespark.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The embeddings a pair protocol needs, fetched from a faces table by LFW-style relative path
 * ({@code <label folder>/<file>}). One face per image: the lowest {@code face_index} (detection,
 * when on, orders faces largest first).
 */
final class FaceLookup {

  record Faces(Map<String, float[]> byImage, String modelVersion) {
  }

  private FaceLookup() {
  }

  /** LFW protocol keys: the last two path segments, {@code <person>/<person>_NNNN.jpg}. */
  static Faces byLfwName(SparkSession spark, String table, Set<String> wanted) {
    Dataset<Row> faces = spark.read().parquet(table);
    Dataset<Row> keyed = faces
        .withColumn("parts", split(col("path"), "/"))
        .withColumn("key", org.apache.spark.sql.functions.concat_ws("/",
            element_at(col("parts"), -2), element_at(col("parts"), -1)));
    return firstFaces(table, keyed.filter(col("key").isin(wanted.toArray())));
  }

  /** A user's pairs: keys are {@code image_id}s or paths exactly as the table has them. */
  static Faces byIdOrPath(SparkSession spark, String table, Set<String> wanted) {
    Dataset<Row> faces = spark.read().parquet(table);
    Dataset<Row> byId = faces.filter(col("image_id").isin(wanted.toArray())).withColumn("key", col("image_id"));
    Dataset<Row> byPath = faces.filter(col("path").isin(wanted.toArray())).withColumn("key", col("path"));
    return firstFaces(table, byId.unionByName(byPath));
  }

  private static Faces firstFaces(String table, Dataset<Row> matched) {
    Dataset<Row> keyed = matched
        .withColumn("rank", row_number().over(Window.partitionBy("key").orderBy(col("face_index"))))
        .filter(col("rank").equalTo(1))
        .select("key", "embedding", "model_version");
    Map<String, float[]> byImage = new HashMap<>();
    String version = null;
    for (Row row : keyed.collectAsList()) {
      List<Float> values = row.getList(1);
      float[] embedding = new float[values.size()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = values.get(i);
      }
      byImage.put(row.getString(0), embedding);
      if (version != null && !version.equals(row.getString(2))) {
        throw new IllegalArgumentException(table + " mixes model versions " + version + " and " + row.getString(2)
            + "; evaluate one model at a time");
      }
      version = row.getString(2);
    }
    return new Faces(byImage, version);
  }
}
