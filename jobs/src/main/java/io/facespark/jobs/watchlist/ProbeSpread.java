package io.facespark.jobs.watchlist;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Cuts every probe block into {@code ways} slices and sends slice s to partition s: one shuffle of
 * the (small) probe side, after which each partition holds an equal share of every block.
 */
final class ProbeSpread {

  private ProbeSpread() {
  }

  static JavaRDD<FaceBlock> spread(JavaRDD<FaceBlock> probes, int ways) {
    return probes.flatMapToPair(block -> {
      List<Tuple2<Integer, FaceBlock>> slices = new ArrayList<>(ways);
      for (int s = 0; s < ways; s++) {
        int from = (int) ((long) block.size() * s / ways);
        int to = (int) ((long) block.size() * (s + 1) / ways);
        if (to > from) {
          // Ids stay unique: a block's slices take ids id * ways + s.
          slices.add(new Tuple2<>(s, block.slice(Math.toIntExact((long) block.id() * ways + s), from, to, false)));
        }
      }
      return slices.iterator();
    }).partitionBy(new HashPartitioner(ways)).values();
  }
}
