package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import io.facespark.udf.FaceFunctions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one pass over a faces table tells before the search: its model versions, its embedding
 * dimension (the most common length), how many faces can be scored, how many of those carry a
 * label, and how many are excluded, by reason: a NULL embedding, another dimension, NaN, infinite
 * or NULL values, or a zero vector. Excluded faces are counted, never scored.
 */
public record FaceVectors(TreeSet<String> versions, int dimension, long valid, long labelled, Map<String, Long> excluded) {

  static final String NULL_EMBEDDING = "null embedding";
  static final String NAN = "NaN, infinite or NULL values";
  static final String ZERO = "zero vector";

  static String wrongDimension(int dimension) {
    return "not " + dimension + "-d";
  }

  /** NULL for a usable embedding, else why not (the dimension is checked separately). */
  private static Column problem() {
    Column norm = FaceFunctions.vectorNorm(col("embedding"));
    return when(col("embedding").isNull(), NULL_EMBEDDING)
        .when(norm.isNull().or(norm.isNaN()).or(norm.equalTo(Float.POSITIVE_INFINITY)), NAN)
        .when(norm.equalTo(0), ZERO);
  }

  /** One aggregation over the table; {@code dimension} 0 means "take the table's own". */
  public static FaceVectors measure(Dataset<Row> faces, int dimension) {
    List<Row> groups = faces.groupBy(col("model_version"), expr("size(embedding)").as("d"),
        problem().as("problem"), col("label").isNotNull().as("labelled")).count().collectAsList();
    TreeSet<String> versions = new TreeSet<>();
    Map<Integer, Long> bySize = new TreeMap<>();
    for (Row row : groups) {
      versions.add(row.getString(0));
      if (!row.isNullAt(1) && row.getInt(1) >= 0) {
        bySize.merge(row.getInt(1), row.getLong(4), Long::sum);
      }
    }
    int dim = dimension;
    if (dim <= 0) {
      // The most common length; on a tie, the smaller (bySize iterates in ascending order).
      long most = 0;
      for (Map.Entry<Integer, Long> size : bySize.entrySet()) {
        if (size.getValue() > most) {
          most = size.getValue();
          dim = size.getKey();
        }
      }
    }
    // A wrong length is named first: it is the more basic fault of a vector that also has another.
    Map<String, Long> excluded = new TreeMap<>();
    long valid = 0;
    long labelled = 0;
    for (Row row : groups) {
      long n = row.getLong(4);
      boolean nullEmbedding = row.isNullAt(1) || row.getInt(1) < 0;
      if (!nullEmbedding && row.getInt(1) != dim) {
        excluded.merge(wrongDimension(dim), n, Long::sum);
      } else if (!row.isNullAt(2)) {
        excluded.merge(row.getString(2), n, Long::sum);
      } else {
        valid += n;
        labelled += row.getBoolean(3) ? n : 0;
      }
    }
    return new FaceVectors(versions, Math.max(dim, 0), valid, labelled, excluded);
  }

  /** The scorable faces, renormalised so the inner product is the cosine even if a writer's rounding drifted. */
  public static Dataset<Row> usable(Dataset<Row> faces, int dimension) {
    // l2_normalize divides in double and rounds once; an inline transform(x -> x / norm) would be
    // rewritten by the optimizer to recompute the norm for every element (O(d^2)).
    return faces.filter(problem().isNull().and(expr("size(embedding) = " + dimension)))
        .withColumn("embedding", FaceFunctions.l2Normalize(col("embedding")));
  }
}
