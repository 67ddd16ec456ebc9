package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;

import io.facespark.udf.catalyst.ArrayVectors;
import io.facespark.udf.math.VectorMath;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * One pass over a faces table: each partition checks its faces (the counts {@link FaceVectors}
 * reports), normalises the usable ones and cuts them into named {@link FaceBlock}s, which stay
 * cached for the search. Reads Spark's internal rows: embeddings come out of Parquet as primitive
 * arrays, never as boxed {@code Row} lists.
 */
final class SideScan {

  /** One partition's share: its blocks and its counts. */
  record Part(List<FaceBlock> blocks, List<FaceVectors.Group> groups) implements Serializable {
  }

  /** What the driver learns from the pass: the counts and the rows per vector length. */
  private record Counted(List<FaceVectors.Group> groups, Map<Integer, Long> rowsByLength) implements Serializable {
  }

  /** A scanned side: its cached blocks, its counts, and its usable rows per vector length. */
  record Side(JavaRDD<Part> parts, FaceVectors stats, Map<Integer, Long> rowsByLength,
              Map<Integer, Integer> busyPartitionsByLength) {

    long rows(int dimension) {
      return rowsByLength.getOrDefault(dimension, 0L);
    }

    /** Partitions holding vectors of this length: a Parquet file of one row group fills one only. */
    int busyPartitions(int dimension) {
      return busyPartitionsByLength.getOrDefault(dimension, 0);
    }

    JavaRDD<FaceBlock> blocks(int dimension) {
      return parts.flatMap(part -> part.blocks().stream().filter(b -> b.vectors().dimension() == dimension).iterator());
    }

    void release() {
      parts.unpersist(false);
    }
  }

  private SideScan() {
  }

  /**
   * {@code faces}: the {@link WatchlistInputs#REQUIRED} columns. {@code labelledOnly}: faces without
   * a label are counted but not kept (identities are ranked).
   */
  static Side scan(Dataset<Row> faces, BlockBuilder.Plan plan, boolean labelledOnly) {
    Dataset<Row> columns = faces.select(WatchlistInputs.REQUIRED.stream().map(c -> col(c)).toArray(Column[]::new));
    boolean doubles = ((ArrayType) columns.schema().apply("embedding").dataType()).elementType()
        .equals(DataTypes.DoubleType);
    JavaRDD<Part> parts = columns.queryExecution().toRdd().toJavaRDD()
        .mapPartitionsWithIndex((index, rows) -> List.of(scanPartition(index, rows, plan, labelledOnly, doubles))
            .iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<FaceVectors.Group> groups = new ArrayList<>();
    Map<Integer, Long> rowsByLength = new TreeMap<>();
    Map<Integer, Integer> busyPartitions = new TreeMap<>();
    for (Counted counted : parts.map(SideScan::count).collect()) {
      groups.addAll(counted.groups());
      counted.rowsByLength().forEach((length, n) -> {
        rowsByLength.merge(length, n, Long::sum);
        busyPartitions.merge(length, 1, Integer::sum);
      });
    }
    return new Side(parts, FaceVectors.of(groups, 0), rowsByLength, busyPartitions);
  }

  private static Counted count(Part part) {
    Map<Integer, Long> rows = new HashMap<>();
    part.blocks().forEach(b -> rows.merge(b.vectors().dimension(), (long) b.size(), Long::sum));
    return new Counted(part.groups(), rows);
  }

  // Column positions in WatchlistInputs.REQUIRED.
  private static final int IMAGE_ID = 0;
  private static final int PATH = 1;
  private static final int LABEL = 2;
  private static final int FACE_INDEX = 3;
  private static final int EMBEDDING = 4;
  private static final int MODEL_VERSION = 5;

  private static Part scanPartition(int index, Iterator<InternalRow> rows, BlockBuilder.Plan plan,
                                    boolean labelledOnly, boolean doubles) {
    Map<FaceVectors.Group, Long> counts = new HashMap<>();
    BlockBuilder blocks = new BlockBuilder(index, plan);
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      String version = text(row, MODEL_VERSION);
      String label = text(row, LABEL);
      int size = -1;
      String problem = FaceVectors.NULL_EMBEDDING;
      float[] unit = null;
      if (!row.isNullAt(EMBEDDING)) {
        ArrayData array = row.getArray(EMBEDDING);
        size = array.numElements();
        double[] values = ArrayVectors.read(array, doubles);
        problem = values == null ? FaceVectors.NAN : FaceVectors.problem(VectorMath.norm(values));
        if (problem == null) {
          unit = VectorMath.l2Normalize(values);
          // A norm that is non-zero in float but below the smallest normal has no usable direction.
          problem = unit == null ? FaceVectors.ZERO : null;
        }
      }
      counts.merge(new FaceVectors.Group(version, size, problem, label != null, 0), 1L, Long::sum);
      if (unit != null && (label != null || !labelledOnly)) {
        blocks.add(new FaceName(text(row, IMAGE_ID), row.isNullAt(FACE_INDEX) ? null : row.getInt(FACE_INDEX),
            text(row, PATH), label), unit);
      }
    }
    List<FaceVectors.Group> groups = new ArrayList<>();
    counts.forEach((g, n) -> groups.add(new FaceVectors.Group(g.version(), g.size(), g.problem(), g.labelled(), n)));
    return new Part(blocks.finish(), groups);
  }

  private static String text(InternalRow row, int column) {
    return row.isNullAt(column) ? null : row.getUTF8String(column).toString();
  }
}
