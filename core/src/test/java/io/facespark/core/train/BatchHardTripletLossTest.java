package io.facespark.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class BatchHardTripletLossTest {

  private static INDArray oneHot(int[] labels, int classes) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }

  private static MultiLayerNetwork lossOnly(double margin, int dim) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
        .layer(new BatchHardTripletLoss(margin)).setInputType(InputType.feedForward(dim)).build());
    net.init();
    return net;
  }

  /** The loss written out: mean over anchors with a positive of max(0, m + max d(a,p) - min d(a,n)). */
  private static double handComputed(double[][] x, int[] labels, double margin) {
    double[][] unit = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double norm = Math.hypot(x[i][0], x[i][1]);
      unit[i] = new double[] {x[i][0] / norm, x[i][1] / norm};
    }
    double total = 0;
    for (int a = 0; a < x.length; a++) {
      double positive = -1;
      double negative = Double.MAX_VALUE;
      for (int b = 0; b < x.length; b++) {
        double d = Math.pow(unit[a][0] - unit[b][0], 2) + Math.pow(unit[a][1] - unit[b][1], 2);
        if (b != a && labels[b] == labels[a]) {
          positive = Math.max(positive, d);
        } else if (labels[b] != labels[a]) {
          negative = Math.min(negative, d);
        }
      }
      if (positive >= 0) {
        total += Math.max(0, margin + positive - negative);
      }
    }
    return total / x.length;
  }

  @Test
  void scoreEqualsTheHandComputedLossAndSingletonsAddNothing() {
    // Two people of two images each, and one person with a single image (no positive).
    double[][] x = {{1, 0.2}, {0.8, 0.9}, {0.1, 1}, {-0.5, 1}, {0.9, 0.6}};
    int[] labels = {0, 0, 1, 1, 2};

    double score = lossOnly(0.5, 2).score(new DataSet(Nd4j.create(x), oneHot(labels, 3)));

    assertThat(score).isCloseTo(handComputed(x, labels, 0.5), within(1e-9));
    assertThat(score).as("this batch has violating triplets").isGreaterThan(0);
    // Well separated people: every triplet satisfied, loss exactly 0.
    double[][] apart = {{1, 0}, {1, 0.05}, {-1, 0}, {-1, 0.05}};
    assertThat(lossOnly(0.5, 2).score(new DataSet(Nd4j.create(apart), oneHot(new int[] {0, 0, 1, 1}, 2)))).isZero();
  }

  @Test
  void gradientsMatchFiniteDifferencesThroughAHead() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3)
        .updater(new NoOp()).list()
        .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(Activation.IDENTITY).build())
        .layer(new BatchHardTripletLoss(1.0))
        .setInputType(InputType.feedForward(5)).build());
    net.init();
    Nd4j.getRandom().setSeed(3);
    INDArray input = Nd4j.rand(DataType.DOUBLE, 6, 5).subi(0.5);
    boolean ok = GradientChecks.pass(net, input, oneHot(new int[] {0, 0, 1, 1, 2, 2}, 3));

    assertThat(ok).as("analytic gradients agree with finite differences").isTrue();
  }

  @Test
  void refusesAMarginUnitVectorsCannotUse() {
    assertThatThrownBy(() -> new BatchHardTripletLoss(0)).hasMessageContaining("in (0, 4)");
    assertThatThrownBy(() -> new BatchHardTripletLoss(4.5)).hasMessageContaining("got 4.5");
  }
}
