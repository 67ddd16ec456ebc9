package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import io.facespark.udf.FaceFunctions;
import java.util.ArrayList;
import java.util.Collection;
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

  /** What is wrong with an embedding of this (float) norm, as {@link #problem()} says; null if nothing. */
  static String problem(float norm) {
    return Float.isNaN(norm) || Float.isInfinite(norm) ? NAN : norm == 0 ? ZERO : null;
  }

  /** NULL for a usable embedding, else why not (the dimension is checked separately). */
  private static Column problem() {
    Column norm = FaceFunctions.vectorNorm(col("embedding"));
    return when(col("embedding").isNull(), NULL_EMBEDDING)
        .when(norm.isNull().or(norm.isNaN()).or(norm.equalTo(Float.POSITIVE_INFINITY)), NAN)
        .when(norm.equalTo(0), ZERO);
  }

  /**
   * How many faces share a model version, an embedding length (-1: NULL embedding), a problem
   * (NULL: none) and whether they carry a label.
   */
  public record Group(String version, int size, String problem, boolean labelled, long count)
      implements java.io.Serializable {
  }

  /** One aggregation over the table; {@code dimension} 0 means "take the table's own". */
  public static FaceVectors measure(Dataset<Row> faces, int dimension) {
    List<Group> groups = new ArrayList<>();
    for (Row row : faces.groupBy(col("model_version"), expr("size(embedding)").as("d"),
        problem().as("problem"), col("label").isNotNull().as("labelled")).count().collectAsList()) {
      groups.add(new Group(row.getString(0), row.isNullAt(1) ? -1 : row.getInt(1), row.getString(2),
          row.getBoolean(3), row.getLong(4)));
    }
    return of(groups, dimension);
  }

  /** The figures from counted groups; {@code dimension} 0 means "take the table's own". */
  public static FaceVectors of(Collection<Group> groups, int dimension) {
    TreeSet<String> versions = new TreeSet<>();
    Map<Integer, Long> bySize = new TreeMap<>();
    for (Group group : groups) {
      versions.add(group.version());
      if (group.size() >= 0) {
        bySize.merge(group.size(), group.count(), Long::sum);
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
    for (Group group : groups) {
      long n = group.count();
      if (group.size() >= 0 && group.size() != dim) {
        excluded.merge(wrongDimension(dim), n, Long::sum);
      } else if (group.problem() != null) {
        excluded.merge(group.problem(), n, Long::sum);
      } else {
        valid += n;
        labelled += group.labelled() ? n : 0;
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
