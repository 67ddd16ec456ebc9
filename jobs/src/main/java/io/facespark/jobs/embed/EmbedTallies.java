package io.facespark.jobs.embed;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * The embedding tasks' tallies on their way to the driver, one per partition. Keyed by partition
 * (by its first file, which no other partition holds; empty partitions, which count nothing,
 * share the empty key) so a partition computed twice (a retried or speculative task, a lost
 * cached block recomputed) is counted once: its later tally replaces the earlier, where a plain
 * sum would add both.
 */
final class EmbedTallies extends AccumulatorV2<EmbedTallies.Partition, EmbedTally> {

  private static final long serialVersionUID = 1L;

  /** One task's tally of its partition. */
  record Partition(String firstFile, EmbedTally tally) implements Serializable {
  }

  private final Map<String, EmbedTally> byPartition = new ConcurrentHashMap<>();

  @Override
  public boolean isZero() {
    return byPartition.isEmpty();
  }

  @Override
  public EmbedTallies copy() {
    EmbedTallies copy = new EmbedTallies();
    copy.byPartition.putAll(byPartition);
    return copy;
  }

  @Override
  public void reset() {
    byPartition.clear();
  }

  @Override
  public void add(Partition partition) {
    byPartition.put(partition.firstFile(), partition.tally());
  }

  @Override
  public void merge(AccumulatorV2<Partition, EmbedTally> other) {
    byPartition.putAll(((EmbedTallies) other).byPartition);
  }

  @Override
  public EmbedTally value() {
    return EmbedTally.sum(byPartition.values());
  }
}
