package io.facespark.core.model.tfjs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared plumbing for porting a TF.js net to a DL4J graph: layers are declared with the
 * tensors that will fill them, every tensor used is recorded, and after {@code init()} the
 * weights are copied in (TF's HWIO / HWC1 layouts turned into DL4J's). Convolutions use DL4J's
 * {@code Same} mode, which pads like TF's 'same' (at stride 2 the odd pixel goes bottom/right).
 *
 * <p>Activation layout: the graph's input is always NCHW (what callers build); the layers run in
 * {@link #format()}. NHWC is for nets of depthwise and small 1x1 convolutions: with NCHW
 * activations libnd4j's oneDNN path (oneDNN 2.3, which wants channels-last) reorders every
 * convolution's input, its output buffer and its result (three copies of the activation around a
 * kernel that costs less than one of them), and max pooling falls back to oneDNN's reference
 * {@code simple_nchw} kernel; with NHWC none of that happens (measured with {@code DNNL_VERBOSE=1},
 * see {@code LayoutBenchmark}). NHWC convolutions are {@link NhwcConvolution} and
 * {@link NhwcDepthwiseConvolution} (inference only; DL4J's own NHWC convolution copies its input
 * to NCHW first). An NHWC graph copies its input to NHWC once ({@link NchwToNhwc}); its 4-d
 * outputs are NHWC, its 2-d outputs the same either way.
 */
public final class TfjsGraphBuilder {

  private final TfjsWeights weights;
  private final String input;
  private final CNN2DFormat format;
  private final ComputationGraphConfiguration.GraphBuilder graph;
  private final Set<String> used = new LinkedHashSet<>();
  private final List<Runnable> loaders = new ArrayList<>();
  private ComputationGraph network;

  /** An NCHW graph. */
  public TfjsGraphBuilder(TfjsWeights weights, String input, int size) {
    this(weights, input, size, CNN2DFormat.NCHW);
  }

  /** A graph whose layers run in {@code format}; its input ({@code [n, 3, size, size]}) is NCHW either way. */
  public TfjsGraphBuilder(TfjsWeights weights, String input, int size, CNN2DFormat format) {
    this.weights = weights;
    this.input = input;
    this.format = format;
    this.graph = new NeuralNetConfiguration.Builder()
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.ZERO)
        .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs(input)
        .setInputTypes(InputType.convolutional(size, size, 3));
  }

  /** The graph being declared, for layers and vertices beyond the helpers below. */
  public ComputationGraphConfiguration.GraphBuilder graph() {
    return graph;
  }

  /** The layout of the graph's activations (not of its input, which is NCHW). */
  public CNN2DFormat format() {
    return format;
  }

  /**
   * Adds {@code layer} reading {@code inputs}; a layer of an NHWC graph that reads the graph's
   * input gets the NCHW-to-NHWC copy in front of it.
   */
  public String layer(String name, Layer layer, String... inputs) {
    if (format == CNN2DFormat.NHWC && java.util.Arrays.asList(inputs).contains(input)) {
      graph.addLayer(name, layer, new NchwToNhwc(), inputs);
    } else {
      graph.addLayer(name, layer, inputs);
    }
    return name;
  }

  /** Runs {@code loader} once the network exists (to fill a layer's parameters). */
  public void afterInit(Runnable loader) {
    loaders.add(loader);
  }

  /** The tensor, checked against {@code shape}, recorded as used. */
  public TfjsTensor use(String name, int... shape) {
    TfjsTensor tensor = weights.require(name, shape);
    used.add(name);
    return tensor;
  }

  /** Tensors the port does not need (shape constants of the exported TF graph, say). */
  public void ignore(String name) {
    used.add(weights.require(name).name());
  }

  /** A dense convolution, TF 'same', with a bias. */
  public String conv(String layer, String input, TfjsTensor filters, TfjsTensor bias, int stride, Activation activation) {
    return conv(layer, input, filters, bias, stride, ConvolutionMode.Same, activation);
  }

  /** A dense convolution with a bias; {@code mode} Same for TF 'SAME', Truncate for 'VALID'. */
  public String conv(String layer, String input, TfjsTensor filters, TfjsTensor bias, int stride, ConvolutionMode mode,
                     Activation activation) {
    int[] s = filters.shape();
    int k = s[0];
    int in = s[2];
    int out = s[3];
    layer(layer, convolution(k, s[1]).stride(stride, stride).nIn(in).nOut(out)
        .convolutionMode(mode).dataFormat(format).activation(activation).build(), input);
    loaders.add(() -> {
      param(layer, "W").assign(Nd4j.create(hwioToOihw(filters.values(), k, s[1], in, out), new long[] {out, in, k, s[1]}, 'c'));
      param(layer, "b").assign(Nd4j.create(bias.values(), new long[] {1, out}, 'c'));
    });
    return layer;
  }

  /**
   * A depthwise convolution (multiplier 1), TF 'same', with per-channel {@code scale} and
   * {@code shift} folded in: {@code y = conv(x, W * scale) + shift} ({@code scale}/{@code shift}
   * {@code null} for none).
   */
  public String depthwise(String layer, String input, TfjsTensor filters, float[] scale, float[] shift, int stride,
                   Activation activation) {
    return depthwise(layer, input, filters, scale, shift, stride, ConvolutionMode.Same, activation);
  }

  /** As above, with {@code mode} Same for TF 'SAME', Truncate for 'VALID'. */
  public String depthwise(String layer, String input, TfjsTensor filters, float[] scale, float[] shift, int stride,
                          ConvolutionMode mode, Activation activation) {
    int[] s = filters.shape();
    int k = s[0];
    int channels = s[2];
    layer(layer, depthwise(k, s[1]).stride(stride, stride).nIn(channels)
        .nOut(channels).depthMultiplier(1).hasBias(shift != null).convolutionMode(mode).dataFormat(format)
        .activation(activation).build(), input);
    loaders.add(() -> {
      float[] w = filters.values().clone(); // HWC1, DL4J's depthwise layout too
      if (scale != null) {
        for (int i = 0; i < w.length; i++) {
          w[i] *= scale[i % channels];
        }
      }
      INDArray target = param(layer, "W");
      if (target.length() != w.length) {
        throw new IllegalStateException(layer + ": depthwise weights " + java.util.Arrays.toString(target.shape())
            + " do not match " + filters);
      }
      target.assign(Nd4j.create(w, target.shape(), 'c'));
      if (shift != null) {
        param(layer, "b").assign(Nd4j.create(shift, new long[] {1, channels}, 'c'));
      }
    });
    return layer;
  }

  /** NHWC: {@link NhwcConvolution}, which skips the stock layer's NCHW copy of its input. */
  private ConvolutionLayer.Builder convolution(int kh, int kw) {
    return format == CNN2DFormat.NHWC ? new NhwcConvolution.Builder(kh, kw) : new ConvolutionLayer.Builder(kh, kw);
  }

  private DepthwiseConvolution2D.Builder depthwise(int kh, int kw) {
    return format == CNN2DFormat.NHWC ? new NhwcDepthwiseConvolution.Builder(kh, kw) : new DepthwiseConvolution2D.Builder(kh, kw);
  }

  /** A PReLU with one slope per channel, {@code y = x > 0 ? x : alpha[c] * x}. */
  public String prelu(String layer, String input, float[] alpha) {
    layer(layer, new ActivationLayer.Builder().activation(new ChannelPRelu(alpha, format)).build(), input);
    return layer;
  }

  /** An activation on its own (e.g. a ReLU that is not fused into a convolution). */
  public String activation(String layer, String input, Activation activation) {
    layer(layer, new ActivationLayer.Builder().activation(activation).build(), input);
    return layer;
  }

  /** Max pooling {@code k x k} at {@code stride}, TF 'same' (no padding where the size divides). */
  public String maxPool(String layer, String input, int k, int stride) {
    layer(layer, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k).stride(stride, stride)
        .convolutionMode(ConvolutionMode.Same).dataFormat(format).build(), input);
    return layer;
  }

  /**
   * {@code in} channels followed by {@code out - in} zero channels (TF.js pads a residual shortcut
   * that way): a 1x1 convolution with an identity-then-zero kernel, exact.
   */
  public String zeroChannels(String layer, String input, int in, int out) {
    layer(layer, convolution(1, 1).nIn(in).nOut(out).hasBias(false)
        .convolutionMode(ConvolutionMode.Same).dataFormat(format).activation(Activation.IDENTITY).build(), input);
    afterInit(() -> {
      INDArray identity = Nd4j.zeros(DataType.FLOAT, out, in, 1, 1);
      for (int c = 0; c < in; c++) {
        identity.putScalar(new long[] {c, c, 0, 0}, 1f);
      }
      param(layer, "W").assign(identity);
    });
    return layer;
  }

  /** Element-wise sum of two same-shaped activations (a residual connection). */
  public String add(String vertex, String a, String b) {
    graph.addVertex(vertex, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
    return vertex;
  }

  /** {@code max(a + b + ..., 0)}: a residual connection and its ReLU as one vertex ({@link AddRelu}). */
  public String addRelu(String vertex, String... inputs) {
    graph.addVertex(vertex, new AddRelu(), inputs);
    return vertex;
  }

  /** A 1x1 spatial map flattened to {@code [n, channels]} (exact: the mean of one value). */
  public String squeezeSpatial(String layer, String input) {
    return globalAverage(layer, input);
  }

  /** The mean over the spatial axes, {@code [n, channels]}. */
  public String globalAverage(String layer, String input) {
    // DL4J's global pooling averages axes 2 and 3 whatever the layout; NHWC's spatial axes are 1 and 2.
    int[] spatial = format == CNN2DFormat.NHWC ? new int[] {1, 2} : new int[] {2, 3};
    return layer(layer, new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(spatial).build(), input);
  }

  /** Row-wise L2 normalisation of {@code [n, d]}: {@code x / max(|x|, eps)}. */
  public String l2Normalise(String vertex, String input, double eps) {
    graph.addVertex(vertex, new L2NormalizeVertex(new int[] {1}, eps), input);
    return vertex;
  }

  /**
   * Sets the outputs, refuses a manifest with tensors the net does not use, builds and initialises
   * the network and loads every tensor into it.
   */
  public ComputationGraph build(String... outputs) {
    graph.setOutputs(outputs);
    Set<String> extra = new LinkedHashSet<>(weights.names());
    extra.removeAll(used);
    if (!extra.isEmpty()) {
      throw new TfjsFormatException(weights.source() + ": tensors this net does not use: " + extra
          + " (is this the right manifest?)");
    }
    network = new ComputationGraph(graph.build());
    network.init();
    loaders.forEach(Runnable::run);
    return network;
  }

  public INDArray param(String layer, String key) {
    return network.getLayer(layer).getParam(key);
  }

  public static float[] hwioToOihw(float[] hwio, int kh, int kw, int in, int out) {
    float[] oihw = new float[hwio.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }
}
