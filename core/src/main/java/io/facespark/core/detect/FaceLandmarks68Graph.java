package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsGraphBuilder;
import io.facespark.core.model.tfjs.TfjsWeights;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds face-api.js's FaceLandmark68Net as a DL4J graph (src/faceFeatureExtractor/ and
 * src/faceLandmarkNet/): four "dense blocks" (32, 64, 128, 256 channels, each halving the size:
 * 112 -> 56 -> 28 -> 14 -> 7), a 7x7 average pool (global at 7x7) and a 256 -> 136 fully connected
 * layer. A dense block: {@code o1 = relu(conv0(x))} (stride 2; a plain 3x3 conv in the first
 * block, depthwise-separable in the others), {@code o2 = sep1(o1)},
 * {@code o3 = sep2(relu(o1 + o2))}, {@code o4 = sep3(relu(o1 + o2 + o3))}, output
 * {@code relu(o1 + o2 + o3 + o4)}. A separable conv is a 3x3 depthwise (no bias) then a 1x1
 * convolution with bias, TF 'same'.
 *
 * <p>Input {@code [n, 3, 112, 112]} RGB normalised as {@code (x - [122.782, 117.001, 104.298]) / 255}.
 * Output {@code [n, 136]}: x0, y0, x1, y1, ... relative to the 112x112 input.
 */
final class FaceLandmarks68Graph {

  static final int INPUT_SIZE = 112;
  static final String INPUT = "input";
  static final String OUTPUT = "fc";
  static final int POINTS = 68;

  private FaceLandmarks68Graph() {
  }

  static ComputationGraph build(TfjsWeights weights, CNN2DFormat format) {
    TfjsGraphBuilder b = new TfjsGraphBuilder(weights, INPUT, INPUT_SIZE, format);
    String x = INPUT;
    int in = 3;
    int[] widths = {32, 64, 128, 256};
    for (int block = 0; block < 4; block++) {
      x = denseBlock(b, "dense" + block, x, in, widths[block], block == 0);
      in = widths[block];
    }
    b.globalAverage("global_avg", x);
    var fcWeights = b.use("fc/weights", 256, 2 * POINTS);
    var fcBias = b.use("fc/bias", 2 * POINTS);
    b.graph().addLayer(OUTPUT, new DenseLayer.Builder().nIn(256).nOut(2 * POINTS).activation(Activation.IDENTITY).build(),
        "global_avg");
    ComputationGraph network = b.build(OUTPUT);
    network.getLayer(OUTPUT).getParam("W").assign(Nd4j.create(fcWeights.values(), new long[] {256, 2 * POINTS}, 'c'));
    network.getLayer(OUTPUT).getParam("b").assign(Nd4j.create(fcBias.values(), new long[] {1, 2 * POINTS}, 'c'));
    return network;
  }

  private static String denseBlock(TfjsGraphBuilder b, String prefix, String x, int in, int out, boolean first) {
    String o1 = first
        ? b.conv(prefix + ".conv0", x, b.use(prefix + "/conv0/filters", 3, 3, in, out), b.use(prefix + "/conv0/bias", out),
            2, Activation.RELU)
        : separable(b, prefix + "/conv0", x, in, out, 2, Activation.RELU);
    String o2 = separable(b, prefix + "/conv1", o1, out, out, 1, Activation.IDENTITY);
    String in3 = b.addRelu(prefix + ".in3", o1, o2);
    String o3 = separable(b, prefix + "/conv2", in3, out, out, 1, Activation.IDENTITY);
    String in4 = b.addRelu(prefix + ".in4", o1, o2, o3);
    String o4 = separable(b, prefix + "/conv3", in4, out, out, 1, Activation.IDENTITY);
    return b.addRelu(prefix + ".out", o1, o2, o3, o4);
  }

  private static String separable(TfjsGraphBuilder b, String prefix, String x, int in, int out, int stride,
                                  Activation activation) {
    String name = prefix.replace('/', '.');
    String depthwise = b.depthwise(name + ".depthwise", x, b.use(prefix + "/depthwise_filter", 3, 3, in, 1), null, null,
        stride, Activation.IDENTITY);
    return b.conv(name + ".pointwise", depthwise, b.use(prefix + "/pointwise_filter", 1, 1, in, out),
        b.use(prefix + "/bias", out), 1, activation);
  }
}
