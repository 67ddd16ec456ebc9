package io.facespark.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.train.MarginSoftmaxLoss.Kind;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class MarginSoftmaxLossTest {

  private static final double S = 2.0;
  private static final double M = 0.3;
  private static final double[][] X = {{3, 4}, {1, 0.5}, {-2, 1}};
  private static final int[] Y = {1, 0, 2};
  // Columns are the class weights: (1, 0), (0, 2), (1, 1); normalised by the layer.
  private static final double[][] W = {{1, 0, 1}, {0, 2, 1}};

  /** The loss written out with plain doubles: mean over examples of -log softmax(logits)[y]. */
  private static double handComputed(Kind kind) {
    double total = 0;
    for (int i = 0; i < X.length; i++) {
      double xn = Math.hypot(X[i][0], X[i][1]);
      double[] logits = new double[3];
      for (int j = 0; j < 3; j++) {
        double wn = Math.hypot(W[0][j], W[1][j]);
        double cos = (X[i][0] * W[0][j] + X[i][1] * W[1][j]) / (xn * wn);
        if (j == Y[i]) {
          cos = kind == Kind.AM_SOFTMAX ? cos - M
              : cos > Math.cos(Math.PI - M) ? Math.cos(Math.acos(cos) + M) : cos - M * Math.sin(M);
        }
        logits[j] = S * cos;
      }
      double sum = 0;
      for (double logit : logits) {
        sum += Math.exp(logit);
      }
      total += -(logits[Y[i]] - Math.log(sum));
    }
    return total / X.length;
  }

  private static INDArray oneHot(int[] labels, int classes) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void scoreEqualsTheHandComputedLoss(Kind kind) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1).list()
        .layer(new MarginSoftmaxLoss(kind, 2, 3, S, M)).setInputType(InputType.feedForward(2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    // assign, not setParam: SameDiff layers' setParam only checks the shape.
    net.getParam("0_" + MarginSoftmaxLoss.WEIGHTS).assign(Nd4j.create(W));

    double score = net.score(new DataSet(Nd4j.create(X).castTo(DataType.DOUBLE), oneHot(Y, 3)));

    assertThat(score).isCloseTo(handComputed(kind), within(1e-9));
    // The margin makes the true class harder: the loss exceeds plain normalised softmax (m = 0).
    MultiLayerNetwork plain = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
        .layer(new MarginSoftmaxLoss(kind, 2, 3, S, 0)).setInputType(InputType.feedForward(2)).build());
    plain.init();
    plain.getParam("0_" + MarginSoftmaxLoss.WEIGHTS).assign(Nd4j.create(W));
    assertThat(score).isGreaterThan(plain.score(new DataSet(Nd4j.create(X).castTo(DataType.DOUBLE), oneHot(Y, 3))));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void gradientsMatchFiniteDifferencesThroughAHead(Kind kind) {
    Nd4j.getRandom().setSeed(12);
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(12)
        .updater(new NoOp()).list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.IDENTITY).build())
        .layer(new MarginSoftmaxLoss(kind, 4, 3, 4.0, 0.2))
        .setInputType(InputType.feedForward(6)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    INDArray input = Nd4j.rand(DataType.DOUBLE, 5, 6).subi(0.5);
    boolean ok = GradientChecks.pass(net, input, oneHot(new int[] {0, 1, 2, 1, 0}, 3));

    assertThat(ok).as("analytic gradients of %s agree with finite differences", kind).isTrue();
  }

  @Test
  void theNetworkOutputIsTheEmbeddingAndTheConfigurationSurvivesJson() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
        .layer(new MarginSoftmaxLoss(Kind.ARCFACE, 2, 3, 30, 0.5)).setInputType(InputType.feedForward(2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    INDArray x = Nd4j.create(new float[][] {{3, 4}});

    assertThat(net.output(x)).isEqualTo(x);
    MarginSoftmaxLoss copy = (MarginSoftmaxLoss) MultiLayerConfiguration.fromJson(conf.toJson()).getConf(0).getLayer();
    assertThat(copy.getKind()).isEqualTo(Kind.ARCFACE);
    assertThat(copy.getScale()).isEqualTo(30);
    assertThat(copy.getMargin()).isEqualTo(0.5);
    assertThat(copy.getClasses()).isEqualTo(3);
  }

  @Test
  void refusesImpossibleSettings() {
    assertThatThrownBy(() -> new MarginSoftmaxLoss(Kind.ARCFACE, 4, 1, 30, 0.5)).hasMessageContaining("at least 2 classes");
    assertThatThrownBy(() -> new MarginSoftmaxLoss(Kind.ARCFACE, 4, 3, 30, 2.0)).hasMessageContaining("m < pi/2");
    assertThatThrownBy(() -> new MarginSoftmaxLoss(Kind.AM_SOFTMAX, 4, 3, 0, 0.3)).hasMessageContaining("s > 0");
    assertThatThrownBy(() -> Kind.parse("cosface")).hasMessageContaining("arcface or am-softmax, got 'cosface'");
  }
}
