package io.facespark.jobs.watchlist;


import io.facespark.core.vector.GemmTopK;
import io.facespark.core.vector.TopK;
import io.facespark.jobs.table.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Exact top-K of every probe against the gallery, distributed: each (probe block, gallery block)
 * pair runs {@link GemmTopK} in one task; the named partial lists of a probe block are merged by a
 * reduce (at most K candidates per probe per gallery block cross the shuffle). The probes x
 * gallery score matrix exists only one tile at a time inside a task.
 */
final class ProbeSearch {

  /**
   * One row per (probe, rank), named: {@code probe_key} tells probes apart (two faces may share all
   * their names), then the matches table's columns up to {@code score}, in its order.
   */
  static final StructType CANDIDATES = candidates();

  private static StructType candidates() {
    StructType type = new StructType().add("probe_key", DataTypes.LongType, false);
    for (StructField field : Tables.MATCHES.fields()) {
      if (!field.name().equals("model_version") && !field.name().equals("run_id")) {
        type = type.add(new StructField(field.name(), field.dataType(), true, field.metadata()));
      }
    }
    return type;
  }

  private ProbeSearch() {
  }

  /** A probe's key: its block and its row there. */
  static long probeKey(int block, int row) {
    return (long) block << 32 | row;
  }

  /**
   * {@code byLabel}: identities are ranked (ties by label, then face); {@code distinctEntries}: an
   * identity by its best face (identity-max). {@code partitions}: of the merged candidates.
   */
  static Dataset<Row> topK(SparkSession spark, JavaRDD<FaceBlock> probes, JavaRDD<FaceBlock> gallery, int k,
                           boolean byLabel, boolean distinctEntries, int tileRows, int partitions) {
    JavaRDD<Row> candidates = probes.cartesian(gallery).mapToPair(pair -> {
      FaceBlock probeBlock = pair._1();
      TopK[] tops = new TopK[probeBlock.size()];
      for (int i = 0; i < tops.length; i++) {
        tops[i] = new TopK(k, distinctEntries);
      }
      new GemmTopK(tileRows).score(probeBlock.vectors(), pair._2().vectors(), tops);
      return new Tuple2<>(probeBlock.id(), ProbeTops.of(probeBlock, pair._2(), tops));
    }).reduceByKey((a, b) -> a.merge(b, k, byLabel, distinctEntries), partitions).flatMap(block -> {
      ProbeTops tops = block._2();
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < tops.probes.length; i++) {
        FaceName probe = tops.probes[i];
        for (int r = 0; r < tops.scores[i].length; r++) {
          FaceName match = tops.gallery[i][r];
          rows.add(RowFactory.create(probeKey(block._1(), i), probe.id(), probe.faceIndex(), probe.path(),
              probe.label(), match.id(), match.faceIndex(), match.label(), r + 1, tops.scores[i][r]));
        }
      }
      return rows.iterator();
    });
    return spark.createDataFrame(candidates, CANDIDATES);
  }
}
