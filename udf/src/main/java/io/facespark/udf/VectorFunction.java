package io.facespark.udf;

import io.facespark.udf.math.VectorLengthMismatchException;

/**
 * The catalogue of facespark SQL functions: their SQL names, arity and the classes that implement
 * them for each engine. Registration code, the {@code facespark-functions.sql} resource and the
 * tests all read it, so a function cannot be added to one path and forgotten in another.
 *
 * <p>Deliberately free of Spark classes: the Hive UDFs use it inside plain Hive too.
 */
public enum VectorFunction {
  COSINE_SIM("cosine_sim", 2, "CosineSimilarityUDF", "CosineSim",
      "_FUNC_(a, b) - Cosine similarity of two embeddings, a float in [-1, 1]; NULL if either is"
          + " empty or has zero norm."),
  L2_DISTANCE("l2_distance", 2, "L2DistanceUDF", "L2Distance",
      "_FUNC_(a, b) - Euclidean distance between two embeddings, a float; 0 for two empty arrays."),
  INNER_PRODUCT("inner_product", 2, "InnerProductUDF", "InnerProduct",
      "_FUNC_(a, b) - Inner (dot) product of two embeddings, a float; 0 for two empty arrays."),
  L2_NORMALIZE("l2_normalize", 1, "L2NormalizeUDF", "L2Normalize",
      "_FUNC_(a) - The embedding scaled to unit length, an array<float>; NULL if its norm is zero."),
  VECTOR_NORM("vector_norm", 1, "VectorNormUDF", "VectorNorm",
      "_FUNC_(a) - Euclidean (L2) norm of an embedding, a float; 0 for an empty array.");

  private final String sqlName;
  private final int arity;
  private final String hiveUdfSimpleName;
  private final String javaUdfSimpleName;
  private final String usage;

  VectorFunction(String sqlName, int arity, String hiveUdfSimpleName, String javaUdfSimpleName,
      String usage) {
    this.sqlName = sqlName;
    this.arity = arity;
    this.hiveUdfSimpleName = hiveUdfSimpleName;
    this.javaUdfSimpleName = javaUdfSimpleName;
    this.usage = usage;
  }

  /** The name users call in SQL, e.g. {@code cosine_sim}. */
  public String sqlName() {
    return sqlName;
  }

  /** How many array arguments the function takes (1 or 2). */
  public int arity() {
    return arity;
  }

  /** True for {@code l2_normalize}, which returns {@code array<float>}; the others return float. */
  public boolean returnsArray() {
    return this == L2_NORMALIZE;
  }

  /** The Hive GenericUDF class for {@code CREATE FUNCTION ... AS '<class>'}. */
  public String hiveUdfClassName() {
    return "io.facespark.udf.hive." + hiveUdfSimpleName;
  }

  /** The Java UDF class for PySpark's {@code spark.udf.registerJavaFunction}. */
  public String javaUdfClassName() {
    return "io.facespark.udf." + javaUdfSimpleName;
  }

  /** One line for {@code DESCRIBE FUNCTION}; {@code _FUNC_} stands for the name. */
  public String usage() {
    return usage;
  }

  /** Throws the dimension-mismatch error, naming this function, unless the lengths are equal. */
  public void requireSameLength(int leftLength, int rightLength) {
    if (leftLength != rightLength) {
      throw new VectorLengthMismatchException(sqlName, leftLength, rightLength);
    }
  }
}
