package io.facespark.core.model.facerec;

import io.facespark.core.model.tfjs.TfjsGraphBuilder;
import io.facespark.core.model.tfjs.TfjsTensor;
import io.facespark.core.model.tfjs.TfjsWeights;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the face recognition ResNet (dlib's 29-conv metric net as shipped by face-api.js) as a
 * DL4J {@link ComputationGraph} and loads the TF.js weights into it.
 *
 * <p>Each TF.js "conv layer" is {@code relu?((conv(x, W) + b) * s + c)}; the bias and the
 * per-channel scale are folded into one convolution, {@code W' = W * s}, {@code b' = b * s + c}
 * (the same function, one fewer pass over the activations; float rounding moves by ~1e-7).
 * {@code residualDown} blocks add a shortcut that is a 2x2/2 average pool, zero-padded in channels
 * when the block widens (done with a fixed identity 1x1 convolution, which is exact), while the
 * main path's valid stride-2 convolution can come out one pixel smaller than the pool; TF.js then
 * appends a zero row and column at the bottom/right, and so does this graph.
 *
 * <p>Input: {@code [n, 3, 150, 150]} NCHW, RGB, already normalised as {@code (x - mean) / 255}.
 * Output: {@code [n, 128]}, not L2-normalised.
 */
final class FaceRecGraph {

  static final int INPUT_SIZE = 150;
  static final int EMBEDDING_SIZE = 128;
  static final String INPUT = "input";
  static final String OUTPUT = "fc";

  private final TfjsGraphBuilder builder;
  private final ComputationGraphConfiguration.GraphBuilder graph;

  private FaceRecGraph(TfjsWeights weights) {
    this.builder = new TfjsGraphBuilder(weights, INPUT, INPUT_SIZE);
    this.graph = builder.graph();
  }

  /**
   * Builds the graph and loads every tensor, checking names and shapes against the architecture
   * first (a wrong manifest fails here, naming the tensor, before anything runs).
   */
  static ComputationGraph build(TfjsWeights weights) {
    return new FaceRecGraph(weights).assemble();
  }

  private ComputationGraph assemble() {
    String x = conv("conv32_down", INPUT, 7, 3, 32, 2, true);
    graph.addLayer("maxpool", new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build(), x);
    x = "maxpool";
    x = residual("conv32_1", x, 32);
    x = residual("conv32_2", x, 32);
    x = residual("conv32_3", x, 32);
    x = residualDown("conv64_down", x, 32, 64, 35);
    x = residual("conv64_1", x, 64);
    x = residual("conv64_2", x, 64);
    x = residual("conv64_3", x, 64);
    x = residualDown("conv128_down", x, 64, 128, 17);
    x = residual("conv128_1", x, 128);
    x = residual("conv128_2", x, 128);
    x = residualDown("conv256_down", x, 128, 256, 8);
    x = residual("conv256_1", x, 256);
    x = residual("conv256_2", x, 256);
    x = residualDown("conv256_down_out", x, 256, 256, 4);
    graph.addLayer("global_avg", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
    graph.addLayer(OUTPUT, new DenseLayer.Builder().nIn(256).nOut(EMBEDDING_SIZE).hasBias(false)
        .activation(Activation.IDENTITY).build(), "global_avg");
    TfjsTensor fc = builder.use("fc", 256, EMBEDDING_SIZE);
    builder.afterInit(() -> builder.param(OUTPUT, "W")
        .assign(Nd4j.create(fc.values(), new long[] {256, EMBEDDING_SIZE}, 'c')));
    return builder.build(OUTPUT);
  }

  /** {@code relu(x + convNoRelu(conv(x)))}, all 3x3 'same'. */
  private String residual(String prefix, String x, int channels) {
    String a = conv(prefix + "/conv1", x, 3, channels, channels, 1, true);
    String b = conv(prefix + "/conv2", a, 3, channels, channels, 1, false);
    return addRelu(prefix, b, x);
  }

  /** Main path: 3x3/2 valid conv + 3x3 same conv; shortcut: 2x2/2 average pool (+ zero channels). */
  private String residualDown(String prefix, String x, int in, int out, int inSize) {
    String a = conv(prefix + "/conv1", x, 3, in, out, 2, true);
    String b = conv(prefix + "/conv2", a, 3, out, out, 1, false);
    int mainSize = (inSize - 3) / 2 + 1;
    int poolSize = inSize / 2;
    if (mainSize != poolSize) {
      // TF.js concatenates one zero row and one zero column at the end (bottom, right).
      graph.addLayer(name(prefix) + ".pad", new ZeroPaddingLayer.Builder(0, poolSize - mainSize, 0,
          poolSize - mainSize).build(), b);
      b = name(prefix) + ".pad";
    }
    String shortcut = name(prefix) + ".avgpool";
    graph.addLayer(shortcut, new SubsamplingLayer.Builder(PoolingType.AVG)
        .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build(), x);
    if (in != out) {
      String widen = builder.zeroChannels(name(prefix) + ".zero_channels", shortcut, in, out);
      shortcut = widen;
    }
    return addRelu(prefix, b, shortcut);
  }

  private String addRelu(String prefix, String main, String shortcut) {
    String add = name(prefix) + ".add";
    graph.addVertex(add, new ElementWiseVertex(ElementWiseVertex.Op.Add), main, shortcut);
    graph.addLayer(name(prefix) + ".relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), add);
    return name(prefix) + ".relu";
  }

  /** A TF.js conv+bias+scale layer as one folded DL4J convolution. */
  private String conv(String prefix, String input, int k, int in, int out, int stride, boolean relu) {
    TfjsTensor filters = builder.use(prefix + "/conv/filters", k, k, in, out);
    TfjsTensor bias = builder.use(prefix + "/conv/bias", out);
    TfjsTensor scale = builder.use(prefix + "/scale/weights", out);
    TfjsTensor shift = builder.use(prefix + "/scale/biases", out);
    String layer = name(prefix);
    graph.addLayer(layer, new ConvolutionLayer.Builder(k, k).stride(stride, stride).nIn(in).nOut(out)
        // TF.js 'valid' floors the output size (DL4J Truncate); 'same' at stride 1 pads k/2 each side.
        .convolutionMode(stride == 1 ? ConvolutionMode.Same : ConvolutionMode.Truncate)
        .activation(relu ? Activation.RELU : Activation.IDENTITY).build(), input);
    builder.afterInit(() -> {
      builder.param(layer, "W").assign(Nd4j.create(foldFilters(filters.values(), scale.values(), k, in, out),
          new long[] {out, in, k, k}, 'c'));
      builder.param(layer, "b").assign(Nd4j.create(foldBias(bias.values(), scale.values(), shift.values()),
          new long[] {1, out}, 'c'));
    });
    return layer;
  }

  /** TF.js HWIO filters times the output channel's scale, laid out as DL4J's OIHW. */
  static float[] foldFilters(float[] hwio, float[] scale, int k, int in, int out) {
    float[] oihw = new float[hwio.length];
    for (int h = 0; h < k; h++) {
      for (int w = 0; w < k; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * k + h) * k + w] = hwio[((h * k + w) * in + i) * out + o] * scale[o];
          }
        }
      }
    }
    return oihw;
  }

  static float[] foldBias(float[] bias, float[] scale, float[] shift) {
    float[] folded = new float[bias.length];
    for (int o = 0; o < bias.length; o++) {
      folded[o] = bias[o] * scale[o] + shift[o];
    }
    return folded;
  }

  /** DL4J layer name for a TF.js prefix ("conv32_1/conv1" -> "conv32_1.conv1"). */
  static String name(String prefix) {
    return prefix.replace('/', '.');
  }
}
