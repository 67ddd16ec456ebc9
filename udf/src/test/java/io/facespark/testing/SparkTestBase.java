package io.facespark.testing;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base class for tests that need Spark, in the style of Iceberg's Spark TestBase: the shared
 * session plus small helpers so a test reads as SQL and expected rows.
 */
public abstract class SparkTestBase {

  protected static SparkSession spark;

  @BeforeAll
  static void shareSpark() {
    spark = SharedSpark.session();
  }

  /** Runs a query (String.format-style arguments) and returns its rows. */
  protected static List<Row> sql(String query, Object... args) {
    return spark.sql(String.format(query, args)).collectAsList();
  }

  /** Runs a query that returns exactly one row and one column; returns that value. */
  protected static Object scalarSql(String query, Object... args) {
    List<Row> rows = sql(query, args);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new AssertionError("expected one row of one column from [" + String.format(query, args)
          + "] but got " + rows);
    }
    return rows.get(0).get(0);
  }

  protected static Row row(Object... values) {
    return RowFactory.create(values);
  }
}
