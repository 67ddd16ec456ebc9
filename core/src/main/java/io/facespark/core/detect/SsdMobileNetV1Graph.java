package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsGraphBuilder;
import io.facespark.core.model.tfjs.TfjsTensor;
import io.facespark.core.model.tfjs.TfjsWeights;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Builds face-api.js's SSD MobileNet v1 face detector as a DL4J graph (architecture from
 * {@code src/ssdMobilenetv1/}: mobileNetV1.ts, predictionLayer.ts, boxPredictionLayer.ts).
 *
 * <p>MobileNet v1: a 3x3/2 convolution, then 13 pairs of depthwise 3x3 (stride 2 at pairs 2, 4,
 * 6 and 12) + pointwise 1x1, all ReLU6. The depthwise batch norm is folded into the filters
 * ({@code W * gamma / sqrt(var + eps)}, bias {@code beta - mean * gamma / sqrt(var + eps)}): exact
 * in real arithmetic, float rounding aside. The pointwise layers carry a plain bias (the export
 * already folded their batch norm). Then 8 extra 1x1/3x3 convolutions; six box predictors read
 * pair 11 (32x32, 3 anchors per cell) and the 16, 8, 4, 2 and 1 cell maps (6 anchors per cell).
 *
 * <p>Input {@code [n, 3, 512, 512]} RGB scaled to -1..1. Outputs, in order: {@code box0..box5}
 * ({@code [n, 4 * anchors, h, w]} box encodings) and {@code class0..class5}
 * ({@code [n, 3 * anchors, h, w]} logits: background, face, unused).
 */
final class SsdMobileNetV1Graph {

  static final int INPUT_SIZE = 512;
  static final String INPUT = "input";
  static final int PREDICTORS = 6;
  /** TF's batch norm epsilon as mobileNetV1.ts passes it (0.001 rounded to float). */
  private static final double BATCH_NORM_EPSILON = 0.0010000000474974513;

  private SsdMobileNetV1Graph() {
  }

  static ComputationGraph build(TfjsWeights weights, CNN2DFormat format) {
    TfjsGraphBuilder b = new TfjsGraphBuilder(weights, INPUT, INPUT_SIZE, format);
    String x = pointwise(b, "MobilenetV1/Conv2d_0_pointwise", INPUT, 3, 3, 32, 2);
    int[] widths = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    String conv11 = null;
    for (int i = 1; i <= 13; i++) {
      int stride = i == 2 || i == 4 || i == 6 || i == 12 ? 2 : 1;
      x = depthwiseBatchNorm(b, "MobilenetV1/Conv2d_" + i + "_depthwise", x, widths[i - 1], stride);
      x = pointwise(b, "MobilenetV1/Conv2d_" + i + "_pointwise", x, 1, widths[i - 1], widths[i], 1);
      if (i == 11) {
        conv11 = x;
      }
    }
    String features = x;
    int[][] extra = {{1, 1024, 256, 1}, {3, 256, 512, 2}, {1, 512, 128, 1}, {3, 128, 256, 2},
        {1, 256, 128, 1}, {3, 128, 256, 2}, {1, 256, 64, 1}, {3, 64, 128, 2}};
    String[] maps = new String[8];
    for (int i = 0; i < extra.length; i++) {
      x = pointwise(b, "Prediction/Conv2d_" + i + "_pointwise", x, extra[i][0], extra[i][1], extra[i][2], extra[i][3]);
      maps[i] = x;
    }
    String[] sources = {conv11, features, maps[1], maps[3], maps[5], maps[7]};
    int[] channels = {512, 1024, 512, 256, 256, 128};
    String[] outputs = new String[2 * PREDICTORS];
    for (int i = 0; i < PREDICTORS; i++) {
      int anchors = i == 0 ? 3 : 6;
      String prefix = "Prediction/BoxPredictor_" + i;
      outputs[i] = b.conv("box" + i, sources[i], b.use(prefix + "/BoxEncodingPredictor/weights", 1, 1, channels[i], 4 * anchors),
          b.use(prefix + "/BoxEncodingPredictor/biases", 4 * anchors), 1, Activation.IDENTITY);
      outputs[PREDICTORS + i] = b.conv("class" + i, sources[i], b.use(prefix + "/ClassPredictor/weights", 1, 1, channels[i], 3 * anchors),
          b.use(prefix + "/ClassPredictor/biases", 3 * anchors), 1, Activation.IDENTITY);
    }
    ignoreExportConstants(b, weights);
    return b.build(outputs);
  }

  /** face-api's "pointwise conv layer": any kernel size, TF 'same', bias, ReLU6. */
  private static String pointwise(TfjsGraphBuilder b, String prefix, String input, int k, int in, int out, int stride) {
    TfjsTensor filters = b.use(prefix + "/weights", k, k, in, out);
    TfjsTensor bias = b.use(prefix + "/convolution_bn_offset", out);
    return b.conv(layerName(prefix), input, filters, bias, stride, Activation.RELU6);
  }

  private static String depthwiseBatchNorm(TfjsGraphBuilder b, String prefix, String input, int channels, int stride) {
    TfjsTensor filters = b.use(prefix + "/depthwise_weights", 3, 3, channels, 1);
    float[] gamma = b.use(prefix + "/BatchNorm/gamma", channels).values();
    float[] beta = b.use(prefix + "/BatchNorm/beta", channels).values();
    float[] mean = b.use(prefix + "/BatchNorm/moving_mean", channels).values();
    float[] variance = b.use(prefix + "/BatchNorm/moving_variance", channels).values();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double s = gamma[c] / Math.sqrt(variance[c] + BATCH_NORM_EPSILON);
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
    }
    return b.depthwise(layerName(prefix), input, filters, scale, shift, stride, Activation.RELU6);
  }

  /**
   * The manifest also carries constants of the exported TF graph (preprocessing, reshape sizes)
   * and the anchors; face-api hard-codes the former and {@link SsdBoxDecoder} reads the latter.
   */
  private static void ignoreExportConstants(TfjsGraphBuilder b, TfjsWeights weights) {
    for (String name : weights.names()) {
      if (name.startsWith("Preprocessor/") || name.startsWith("Postprocessor/") || name.contains("/stack")
          || name.equals("concat_1/axis") || name.equals(SsdBoxDecoder.ANCHORS)) {
        b.ignore(name);
      }
    }
  }

  private static String layerName(String prefix) {
    return prefix.replace('/', '.');
  }
}
