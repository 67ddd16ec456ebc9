package io.facespark.jobs.watchlist;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers one partition's unit vectors into {@link FaceBlock}s of at most {@code rowsPerBlock}
 * rows, one run of blocks per vector length (the dimension is chosen only once every partition
 * has been counted; the blocks of other lengths are then left out). Block ids are unique across
 * partitions: partition * 65536 + the block's number in its partition.
 */
final class BlockBuilder {

  /** How blocks are cut and ordered; sent to the executors. */
  record Plan(Integer fixedRows, long bytesPerTask, boolean sorted, boolean byLabel) implements Serializable {

    int rowsPerBlock(int dimension) {
      return fixedRows != null ? fixedRows : BlockSizing.galleryRows(bytesPerTask, dimension);
    }
  }

  private static final int BLOCKS_PER_PARTITION = 1 << 16;

  private final int partition;
  private final Plan plan;
  private final Map<Integer, List<float[]>> rows = new TreeMap<>();
  private final Map<Integer, List<FaceName>> names = new TreeMap<>();
  private final List<FaceBlock> blocks = new ArrayList<>();

  BlockBuilder(int partition, Plan plan) {
    this.partition = partition;
    this.plan = plan;
  }

  void add(FaceName name, float[] unit) {
    List<float[]> open = rows.computeIfAbsent(unit.length, d -> new ArrayList<>());
    List<FaceName> openNames = names.computeIfAbsent(unit.length, d -> new ArrayList<>());
    open.add(unit);
    openNames.add(name);
    if (open.size() >= plan.rowsPerBlock(unit.length)) {
      cut(unit.length);
    }
  }

  /** The blocks, the partly filled last ones included. */
  List<FaceBlock> finish() {
    for (Integer length : List.copyOf(rows.keySet())) {
      if (!rows.get(length).isEmpty()) {
        cut(length);
      }
    }
    return blocks;
  }

  private void cut(int length) {
    if (blocks.size() == BLOCKS_PER_PARTITION) {
      throw new IllegalArgumentException("an input partition makes more than " + BLOCKS_PER_PARTITION
          + " blocks; raise --probe-block / --gallery-block");
    }
    // An int id: fails loudly past 32,767 input partitions rather than reuse an id.
    int id = Math.toIntExact((long) partition * BLOCKS_PER_PARTITION + blocks.size());
    blocks.add(FaceBlock.of(id, length, rows.get(length), names.get(length),
        plan.sorted() ? FaceName.order(plan.byLabel()) : null, plan.byLabel()));
    rows.put(length, new ArrayList<>());
    names.put(length, new ArrayList<>());
  }
}
