package io.facespark.udf;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The three ways users call a facespark function. Each path registers the functions under its own
 * suffix in the shared session, so one test can run the same case through all of them.
 */
enum CallPath {
  /** {@link FaceFunctions#register}: the native code-generated expression. */
  SPARK_NATIVE(""),
  /** {@code spark.udf().registerJava(...)}: the path PySpark's registerJavaFunction takes. */
  JAVA_UDF("_java"),
  /** {@code CREATE TEMPORARY FUNCTION ... AS '<GenericUDF>'} through the Hive support. */
  HIVE_UDF("_hive");

  private static boolean registered;

  private final String suffix;

  CallPath(String suffix) {
    this.suffix = suffix;
  }

  String nameOf(VectorFunction function) {
    return function.sqlName() + suffix;
  }

  /** Registers every function on every path, once per session. */
  static synchronized void registerAll(SparkSession spark) {
    if (registered) {
      return;
    }
    FaceFunctions.register(spark);
    for (VectorFunction function : VectorFunction.values()) {
      DataType result = function.returnsArray()
          ? DataTypes.createArrayType(DataTypes.FloatType)
          : DataTypes.FloatType;
      spark.udf().registerJava(JAVA_UDF.nameOf(function), function.javaUdfClassName(), result);
      spark.sql("CREATE TEMPORARY FUNCTION " + HIVE_UDF.nameOf(function) + " AS '"
          + function.hiveUdfClassName() + "'");
    }
    registered = true;
  }
}
