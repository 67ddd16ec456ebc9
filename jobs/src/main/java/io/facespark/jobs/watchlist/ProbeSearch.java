package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.facespark.core.vector.GemmTopK;
import io.facespark.core.vector.TopK;
import io.facespark.core.vector.VectorBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Exact top-K of every probe against the gallery, distributed: each (probe block, gallery block)
 * pair is one task that runs {@link GemmTopK}; the partial lists of a probe block are merged by a
 * reduce (at most K candidates per probe per gallery block cross the shuffle). The probes x
 * gallery score matrix exists only one tile at a time inside a task.
 */
final class ProbeSearch {

  /** One row per (probe, rank): {@code probe_ordinal, rank, score, gallery_ordinal}. */
  static final StructType CANDIDATES = createStructType(List.of(
      createStructField("probe_ordinal", IntegerType, false),
      createStructField("rank", IntegerType, false),
      createStructField("score", FloatType, false),
      createStructField("gallery_ordinal", IntegerType, false)));

  private ProbeSearch() {
  }

  /** The candidates, and the cached blocks behind them to release once the candidates are written. */
  record Result(Dataset<Row> candidates, JavaRDD<VectorBlock> probeBlocks, JavaRDD<VectorBlock> galleryBlocks) {
    void release() {
      probeBlocks.unpersist(false);
      galleryBlocks.unpersist(false);
    }
  }

  /**
   * {@code probes} and {@code gallery}: columns {@code ordinal}, {@code entry}, {@code embedding}
   * (unit vectors of {@code dimension}); {@code distinctEntries}: rank entries (identities), not rows.
   */
  static Result topK(SparkSession spark, Dataset<Row> probes, long probeCount, Dataset<Row> gallery,
                           long galleryCount, int dimension, int k, boolean distinctEntries, BlockSizing sizing) {
    JavaRDD<VectorBlock> probeBlocks = VectorBlocks.of(probes, probeCount, sizing.probeRows(), dimension)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<VectorBlock> galleryBlocks = VectorBlocks.of(gallery, galleryCount, sizing.galleryRows(), dimension)
        .persist(StorageLevel.MEMORY_AND_DISK());
    int tileRows = sizing.tileRows();
    int probeBlockCount = (int) Math.max(1, (probeCount + sizing.probeRows() - 1) / sizing.probeRows());
    JavaPairRDD<Integer, ProbeTops> partial = probeBlocks.cartesian(galleryBlocks).mapToPair(pair -> {
      VectorBlock probeBlock = pair._1();
      TopK[] tops = new TopK[probeBlock.size()];
      int[] ordinals = new int[probeBlock.size()];
      for (int i = 0; i < tops.length; i++) {
        tops[i] = new TopK(k, distinctEntries);
        ordinals[i] = probeBlock.row(i);
      }
      new GemmTopK(tileRows).score(probeBlock, pair._2(), tops);
      return new Tuple2<>(probeBlock.id(), new ProbeTops(ordinals, tops));
    });
    JavaRDD<Row> candidates = partial.reduceByKey(ProbeTops::merge, probeBlockCount).values()
        .flatMap(block -> {
          List<Row> rows = new ArrayList<>();
          for (int i = 0; i < block.tops.length; i++) {
            TopK top = block.tops[i];
            for (int r = 0; r < top.size(); r++) {
              rows.add(RowFactory.create(block.probeOrdinals[i], r + 1, top.score(r), top.row(r)));
            }
          }
          return rows.iterator();
        });
    return new Result(spark.createDataFrame(candidates, CANDIDATES), probeBlocks, galleryBlocks);
  }
}
