package io.facespark.jobs.train;

import io.facespark.core.train.EmbeddingHead;
import io.facespark.core.train.HeadConfig;
import io.facespark.core.train.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains a head with dl4j-spark: each epoch's seeded minibatches go to {@code workers} partitions,
 * each worker fits its share, and the parameters (and Adam's state) are averaged after every
 * {@code averagingFrequency} minibatches per worker. Same data, seed and worker count give the
 * same head: the batches and their placement are fixed, and with two workers the average is exact
 * (float addition of two terms commutes); with more, the order Spark combines them in can move the
 * last bits.
 */
public final class SparkHeadTrainer {

  /** What a run did: the head and the loss curve (mean training score per epoch). */
  public record Result(EmbeddingHead head, List<Double> epochScores, long examples, double seconds) {
  }

  private SparkHeadTrainer() {
  }

  public static Result train(JavaSparkContext jsc, TrainingSet set, HeadConfig config, String baseModelVersion,
                             int workers, int averagingFrequency) {
    if (workers < 1 || averagingFrequency < 1) {
      throw new IllegalArgumentException("--workers and --averaging-frequency must be >= 1, got " + workers
          + " and " + averagingFrequency);
    }
    MultiLayerNetwork network = EmbeddingHead.newNetwork(config, set);
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(config.batchSize())
        .batchSizePerWorker(config.batchSize()).averagingFrequency(averagingFrequency).workerPrefetchNumBatches(0)
        .saveUpdater(true).repartionData(Repartition.Never).rngSeed(config.seed())
        // Direct: the minibatches travel in the RDD. The default (Export) writes them to the default
        // file system first and refuses a cluster whose default file system is local.
        .rddTrainingApproach(RDDTrainingApproach.Direct).build();
    SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(jsc, network, master);
    List<Double> scores = new ArrayList<>();
    long examples = 0;
    long started = System.nanoTime();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      List<DataSet> batches = set.epoch(config, epoch);
      examples += batches.stream().mapToLong(DataSet::numExamples).sum();
      JavaRDD<DataSet> rdd = jsc.parallelize(batches, Math.min(workers, batches.size()));
      spark.fit(rdd);
      scores.add(spark.getScore());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    EmbeddingHead head = EmbeddingHead.trained(spark.getNetwork(), baseModelVersion, set.dim(), config, set.classes(),
        set.rows(), set.skippedSingletonLabels());
    return new Result(head, scores, examples, seconds);
  }
}
