package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Numbers the rows of a sorted table 0, 1, 2, ... in sort order (distributed: zipWithIndex), so
 * that comparing ordinals compares the sort keys. Blocks and top-K lists then carry 4-byte ints
 * instead of ids, and "ties go to the smaller gallery id" is "ties go to the smaller ordinal".
 */
final class Ordinals {

  private Ordinals() {
  }

  static Dataset<Row> number(SparkSession spark, Dataset<Row> sorted, String column) {
    StructType schema = sorted.schema().add(createStructField(column, IntegerType, false));
    var numbered = sorted.javaRDD().zipWithIndex().map(pair -> {
      if (pair._2() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " rows to number");
      }
      List<Object> values = new ArrayList<>(pair._1().size() + 1);
      for (int i = 0; i < pair._1().size(); i++) {
        values.add(pair._1().get(i));
      }
      values.add(pair._2().intValue());
      return RowFactory.create(values.toArray());
    });
    return spark.createDataFrame(numbered, schema);
  }
}
