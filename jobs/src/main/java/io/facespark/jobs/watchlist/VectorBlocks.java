package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;

import io.facespark.core.vector.VectorBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cuts numbered vectors into {@link VectorBlock}s of at most {@code rowsPerBlock} rows: block b
 * holds ordinals [b * rows, (b + 1) * rows). One shuffle brings each block's rows together; a
 * partition may receive several blocks (hash collisions) and then emits each separately.
 */
final class VectorBlocks {

  private VectorBlocks() {
  }

  /** {@code vectors}: columns {@code ordinal} int, {@code entry} int, {@code embedding} array<float>. */
  static JavaRDD<VectorBlock> of(Dataset<Row> vectors, long rows, int rowsPerBlock, int dimension) {
    int blocks = (int) Math.max(1, (rows + rowsPerBlock - 1) / rowsPerBlock);
    return vectors
        .select(floor(col("ordinal").divide(lit(rowsPerBlock))).cast("int").as("block"),
            col("ordinal"), col("entry"), col("embedding"))
        .repartition(blocks, col("block"))
        .javaRDD()
        .mapPartitions(partition -> build(partition, dimension));
  }

  private static Iterator<VectorBlock> build(Iterator<Row> rows, int dimension) {
    Map<Integer, List<Row>> byBlock = new TreeMap<>();
    rows.forEachRemaining(row -> byBlock.computeIfAbsent(row.getInt(0), b -> new ArrayList<>()).add(row));
    List<VectorBlock> blocks = new ArrayList<>(byBlock.size());
    for (Map.Entry<Integer, List<Row>> block : byBlock.entrySet()) {
      List<Row> members = block.getValue();
      members.sort((a, b) -> Integer.compare(a.getInt(1), b.getInt(1)));
      float[] vectors = new float[members.size() * dimension];
      int[] ordinals = new int[members.size()];
      int[] entries = new int[members.size()];
      for (int i = 0; i < members.size(); i++) {
        Row row = members.get(i);
        ordinals[i] = row.getInt(1);
        entries[i] = row.getInt(2);
        List<Float> values = row.getList(3);
        for (int k = 0; k < dimension; k++) {
          vectors[i * dimension + k] = values.get(k);
        }
      }
      blocks.add(new VectorBlock(block.getKey(), dimension, vectors, ordinals, entries));
    }
    return blocks.iterator();
  }
}
