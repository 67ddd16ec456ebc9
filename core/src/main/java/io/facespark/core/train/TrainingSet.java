package io.facespark.core.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled base embeddings ready for head training: labels with a single row are left out (they
 * can form no positive pair and would only teach a softmax class of one) and counted; the rest get
 * class indices in label order. {@link #epoch} cuts one epoch into seeded minibatches: shuffled rows
 * for the margin softmax losses, or P labels x K rows per batch for batch-hard triplets (which need
 * positives in every batch).
 */
public final class TrainingSet {

  private final List<float[]> rows;
  private final int[] classOf;
  private final List<String> classes;
  private final long skippedLabels;
  private final int dim;

  private TrainingSet(List<float[]> rows, int[] classOf, List<String> classes, long skippedLabels, int dim) {
    this.rows = rows;
    this.classOf = classOf;
    this.classes = classes;
    this.skippedLabels = skippedLabels;
    this.dim = dim;
  }

  /** {@code labels.get(i)} labels {@code embeddings.get(i)}; all embeddings must share one dimension. */
  public static TrainingSet of(List<float[]> embeddings, List<String> labels) {
    if (embeddings.size() != labels.size()) {
      throw new IllegalArgumentException(embeddings.size() + " embeddings but " + labels.size() + " labels");
    }
    Map<String, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i) == null) {
        throw new IllegalArgumentException("row " + i + " has no label: train needs labelled faces");
      }
      byLabel.computeIfAbsent(labels.get(i), l -> new ArrayList<>()).add(i);
    }
    int dim = embeddings.isEmpty() ? 0 : embeddings.get(0).length;
    List<float[]> rows = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    long skipped = 0;
    for (Map.Entry<String, List<Integer>> label : byLabel.entrySet()) {
      if (label.getValue().size() < 2) {
        skipped++;
        continue;
      }
      for (int i : label.getValue()) {
        float[] e = embeddings.get(i);
        if (e.length != dim) {
          throw new IllegalArgumentException("row " + i + " has " + e.length + " values, the first has " + dim);
        }
        for (float v : e) {
          if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("row " + i + " (label " + label.getKey() + ") has a non-finite value");
          }
        }
        rows.add(e);
        classOf.add(classes.size());
      }
      classes.add(label.getKey());
    }
    if (classes.size() < 2) {
      throw new IllegalArgumentException("training needs at least 2 labels with 2 or more faces each; got "
          + classes.size() + " (" + skipped + " labels had a single face)");
    }
    return new TrainingSet(rows, classOf.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(classes), skipped, dim);
  }

  public int rows() {
    return rows.size();
  }

  public int classes() {
    return classes.size();
  }

  public int dim() {
    return dim;
  }

  /** Each class's mean embedding as a column: [dim, classes]. */
  public INDArray classMeans() {
    double[][] sums = new double[dim][classes.size()];
    int[] counts = new int[classes.size()];
    for (int i = 0; i < rows.size(); i++) {
      counts[classOf[i]]++;
      for (int k = 0; k < dim; k++) {
        sums[k][classOf[i]] += rows.get(i)[k];
      }
    }
    for (double[] row : sums) {
      for (int c = 0; c < row.length; c++) {
        row[c] /= counts[c];
      }
    }
    return Nd4j.create(sums).castTo(DataType.FLOAT);
  }

  /** Labels left out for having a single face. */
  public long skippedSingletonLabels() {
    return skippedLabels;
  }

  /** The minibatches of epoch {@code epoch} (0-based), the same for the same seed and epoch. */
  public List<DataSet> epoch(HeadConfig config, int epoch) {
    Random random = new Random(config.seed() * 1_000_003L + epoch);
    List<int[]> batches = config.triplet() ? labelGroups(config, random) : shuffled(config.batchSize(), random);
    List<DataSet> out = new ArrayList<>(batches.size());
    for (int[] batch : batches) {
      INDArray features = Nd4j.create(DataType.FLOAT, batch.length, dim);
      INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.length, classes.size());
      for (int r = 0; r < batch.length; r++) {
        features.putRow(r, Nd4j.createFromArray(rows.get(batch[r])));
        labels.putScalar(r, classOf[batch[r]], 1f);
      }
      out.add(new DataSet(features, labels));
    }
    return out;
  }

  private List<int[]> shuffled(int batchSize, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start + 2 <= order.size(); start += batchSize) {
      batches.add(order.subList(start, Math.min(order.size(), start + batchSize)).stream().mapToInt(Integer::intValue).toArray());
    }
    return batches;
  }

  /** Groups of K rows of one label (a label's rows shuffled, cut in K; a short last group borrows from its start). */
  private List<int[]> labelGroups(HeadConfig config, Random random) {
    int k = config.imagesPerLabel();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < rows.size(); i++) {
      byClass.get(classOf[i]).add(i);
    }
    List<List<Integer>> groups = new ArrayList<>();
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, random);
      for (int start = 0; start < members.size(); start += k) {
        List<Integer> group = new ArrayList<>(members.subList(start, Math.min(members.size(), start + k)));
        for (int j = 0; group.size() < Math.min(k, members.size()); j++) {
          group.add(members.get(j));
        }
        groups.add(group);
      }
    }
    Collections.shuffle(groups, random);
    int perBatch = Math.max(2, config.batchSize() / k);
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start + 2 <= groups.size(); start += perBatch) {
      batches.add(groups.subList(start, Math.min(groups.size(), start + perBatch)).stream().flatMap(List::stream)
          .mapToInt(Integer::intValue).toArray());
    }
    return batches;
  }
}
