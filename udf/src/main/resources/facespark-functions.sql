-- facespark vector functions for Hive, or Spark with Hive support and any metastore.
-- Replace the jar location with where you put facespark-udf.jar, then run this once per database:
--   hive -f facespark-functions.sql      or      spark-sql -f facespark-functions.sql
-- Semantics (NULLs, empty and zero-norm vectors, NaN, length mismatch): see the udf README.
CREATE FUNCTION cosine_sim AS 'io.facespark.udf.hive.CosineSimilarityUDF' USING JAR 'hdfs:///libs/facespark-udf.jar';
CREATE FUNCTION l2_distance AS 'io.facespark.udf.hive.L2DistanceUDF' USING JAR 'hdfs:///libs/facespark-udf.jar';
CREATE FUNCTION inner_product AS 'io.facespark.udf.hive.InnerProductUDF' USING JAR 'hdfs:///libs/facespark-udf.jar';
CREATE FUNCTION l2_normalize AS 'io.facespark.udf.hive.L2NormalizeUDF' USING JAR 'hdfs:///libs/facespark-udf.jar';
CREATE FUNCTION vector_norm AS 'io.facespark.udf.hive.VectorNormUDF' USING JAR 'hdfs:///libs/facespark-udf.jar';
