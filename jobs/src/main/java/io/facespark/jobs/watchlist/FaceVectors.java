package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The faces of a table that can be scored, renormalised (so the inner product is the cosine even
 * if a writer's rounding drifted), and how many were excluded, by reason: a NULL embedding, one of
 * another dimension, NaN, infinite or NULL values, or a zero vector. Excluded faces are counted, never scored.
 */
record FaceVectors(Dataset<Row> valid, Map<String, Long> excluded) {

  static final String NULL_EMBEDDING = "null embedding";
  static final String NAN = "NaN, infinite or NULL values";
  static final String ZERO = "zero vector";

  static String wrongDimension(int dimension) {
    return "not " + dimension + "-d";
  }

  /** The most common embedding length of a table, or 0 when it has no embedding at all. */
  static int dimension(Dataset<Row> faces) {
    List<Row> sizes = faces.filter(col("embedding").isNotNull())
        .groupBy(expr("size(embedding)").as("d")).count().orderBy(col("count").desc(), col("d")).limit(1)
        .collectAsList();
    return sizes.isEmpty() ? 0 : sizes.get(0).getInt(0);
  }

  static FaceVectors of(Dataset<Row> faces, int dimension) {
    Dataset<Row> classified = faces
        .withColumn("_norm", expr("sqrt(aggregate(embedding, 0D, (s, x) -> s + CAST(x AS DOUBLE) * x))"))
        .withColumn("_problem", expr("CASE WHEN embedding IS NULL THEN '" + NULL_EMBEDDING + "'"
            + " WHEN size(embedding) <> " + dimension + " THEN '" + wrongDimension(dimension) + "'"
            + " WHEN exists(embedding, x -> x IS NULL OR isnan(x) OR abs(x) = CAST('Infinity' AS FLOAT))"
            + " OR isnan(_norm) OR _norm = CAST('Infinity' AS DOUBLE) THEN '" + NAN + "'"
            + " WHEN _norm = 0 THEN '" + ZERO + "' END"));
    Map<String, Long> excluded = new LinkedHashMap<>();
    for (Row row : classified.filter(col("_problem").isNotNull()).groupBy("_problem").count()
        .orderBy("_problem").collectAsList()) {
      excluded.put(row.getString(0), row.getLong(1));
    }
    Dataset<Row> valid = classified.filter(col("_problem").isNull())
        .withColumn("embedding", expr("transform(embedding, x -> CAST(x / _norm AS FLOAT))"))
        .drop("_norm", "_problem");
    return new FaceVectors(valid, excluded);
  }

  long excludedTotal() {
    return excluded.values().stream().mapToLong(Long::longValue).sum();
  }
}
