package io.facespark.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.facespark.core.metrics.ScoreHistogram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every unordered pair of labelled faces scored, without materialising the pairs: the embeddings
 * are cut into blocks of {@code blockSize} rows, each task scores one block pair with one float
 * GEMM and folds the scores into genuine/impostor histograms, and the histograms are summed.
 * Task memory is one {@code blockSize x blockSize} score matrix plus two histograms.
 *
 * <p>The embeddings travel as a broadcast (N x d floats: 6.8 MB for LFW), which suits up to a few
 * hundred thousand faces; beyond that all-pairs itself (N^2 / 2 scores) is the limit.
 */
final class AllPairs {

  /** The merged histogram and the counts it must match. */
  record Result(ScoreHistogram histogram, long faces, long expectedGenuine, long expectedImpostor, String modelVersion) {
  }

  private AllPairs() {
  }

  static Result score(SparkSession spark, String table, int blockSize, int bins) {
    List<Row> rows = spark.read().parquet(table)
        .filter(col("label").isNotNull())
        .withColumn("rank", row_number().over(Window.partitionBy("path").orderBy(col("face_index"))))
        .filter(col("rank").equalTo(1))
        .select("label", "embedding", "model_version")
        .orderBy("label")
        .collectAsList();
    if (rows.size() < 2) {
      throw new IllegalArgumentException(table + " has " + rows.size() + " labelled faces; all-pairs needs at least 2");
    }
    int n = rows.size();
    int dim = rows.get(0).getList(1).size();
    float[] matrix = new float[n * dim];
    int[] labels = new int[n];
    Map<String, Integer> ids = new HashMap<>();
    Map<Integer, Long> perLabel = new HashMap<>();
    String version = rows.get(0).getString(2);
    for (int r = 0; r < n; r++) {
      Row row = rows.get(r);
      if (!version.equals(row.getString(2))) {
        throw new IllegalArgumentException(table + " mixes model versions " + version + " and " + row.getString(2));
      }
      List<Float> values = row.getList(1);
      if (values.size() != dim) {
        throw new IllegalArgumentException(table + " has embeddings of " + dim + " and " + values.size() + " values");
      }
      for (int k = 0; k < dim; k++) {
        matrix[r * dim + k] = values.get(k);
      }
      labels[r] = ids.computeIfAbsent(row.getString(0), l -> ids.size());
      perLabel.merge(labels[r], 1L, Long::sum);
    }
    long expectedGenuine = perLabel.values().stream().mapToLong(c -> c * (c - 1) / 2).sum();
    long total = (long) n * (n - 1) / 2;

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<float[]> embeddings = jsc.broadcast(matrix);
    Broadcast<int[]> labelIds = jsc.broadcast(labels);
    int blocks = (n + blockSize - 1) / blockSize;
    List<int[]> blockPairs = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      for (int j = i; j < blocks; j++) {
        blockPairs.add(new int[] {i, j});
      }
    }
    try {
      ScoreHistogram merged = jsc.parallelize(blockPairs, blockPairs.size())
          .map(pair -> scoreBlockPair(embeddings.value(), labelIds.value(), dim, blockSize, pair[0], pair[1], bins))
          .treeReduce(ScoreHistogram::merge);
      return new Result(merged, n, expectedGenuine, total - expectedGenuine, version);
    } finally {
      embeddings.destroy();
      labelIds.destroy();
    }
  }

  static ScoreHistogram scoreBlockPair(float[] matrix, int[] labels, int dim, int blockSize, int i, int j, int bins) {
    int n = labels.length;
    int fromI = i * blockSize;
    int rowsI = Math.min(blockSize, n - fromI);
    int fromJ = j * blockSize;
    int rowsJ = Math.min(blockSize, n - fromJ);
    INDArray a = Nd4j.create(java.util.Arrays.copyOfRange(matrix, fromI * dim, (fromI + rowsI) * dim), new long[] {rowsI, dim}, 'c');
    INDArray b = Nd4j.create(java.util.Arrays.copyOfRange(matrix, fromJ * dim, (fromJ + rowsJ) * dim), new long[] {rowsJ, dim}, 'c');
    float[] scores = a.mmul(b.transpose()).dup('c').data().asFloat();
    ScoreHistogram histogram = new ScoreHistogram(bins);
    for (int r = 0; r < rowsI; r++) {
      // Within a diagonal block only the upper triangle: each unordered pair once, no self-pairs.
      int start = i == j ? r + 1 : 0;
      for (int c = start; c < rowsJ; c++) {
        histogram.add(scores[r * rowsJ + c], labels[fromI + r] == labels[fromJ + c]);
      }
    }
    return histogram;
  }
}
