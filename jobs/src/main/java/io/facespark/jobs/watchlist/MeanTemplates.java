package io.facespark.jobs.watchlist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** identity-mean: one unit vector per identity, the renormalised mean of its (unit) embeddings. */
final class MeanTemplates {

  private MeanTemplates() {
  }

  /** Templates cut into blocks by {@code plan} (label order), cached. */
  static JavaRDD<FaceBlock> of(JavaRDD<FaceBlock> faces, int dimension, BlockBuilder.Plan plan) {
    var sums = faces.flatMapToPair(block -> {
      List<Tuple2<String, float[]>> rows = new ArrayList<>(block.size());
      for (int i = 0; i < block.size(); i++) {
        float[] values = block.vectors().vectors();
        rows.add(new Tuple2<>(block.names()[i].label(),
            Arrays.copyOfRange(values, i * dimension, (i + 1) * dimension)));
      }
      return rows.iterator();
    }).aggregateByKey(new double[dimension], (sum, v) -> {
      for (int k = 0; k < dimension; k++) {
        sum[k] += v[k];
      }
      return sum;
    }, (a, b) -> {
      for (int k = 0; k < dimension; k++) {
        a[k] += b[k];
      }
      return a;
    });
    return sums.mapPartitionsWithIndex((index, templates) -> {
      BlockBuilder blocks = new BlockBuilder(index, plan);
      templates.forEachRemaining(template -> {
        double norm = 0;
        for (double v : template._2()) {
          norm += v * v;
        }
        // Opposite images can cancel: such a template is a zero vector and cannot be ranked.
        if (norm != 0) {
          float[] mean = new float[dimension];
          for (int k = 0; k < dimension; k++) {
            mean[k] = (float) (template._2()[k] / Math.sqrt(norm));
          }
          blocks.add(new FaceName(null, null, null, template._1()), mean);
        }
      });
      return blocks.finish().iterator();
    }, true).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
