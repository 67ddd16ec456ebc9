package io.facespark.core.model.tfjs;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Turns a {@link TfjsGraphModel} (NHWC, TF op names) into a DL4J {@link ComputationGraph} (NCHW
 * input, activations in the layout asked for) through {@link TfjsGraphBuilder}, op by op, walking back from the output so that nodes only a
 * recognised pattern reads (the Abs/Sub of a PReLU, the Square/Sum of an L2 norm) are never built
 * on their own. Every constant the graph reads is loaded and checked against its declared shape;
 * a constant the walk never reaches fails the build, so a graph is ported whole or not at all.
 *
 * <p>Ops: {@code Placeholder} (NHWC, square), {@code _FusedConv2D} and
 * {@code FusedDepthwiseConv2dNative} (fused BiasAdd, optionally Relu or Prelu), {@code DepthwiseConv2dNative},
 * {@code Relu}, {@code Prelu} (TF.js's native op: {@code x > 0 ? x : alpha[c] * x}), {@code Sigmoid},
 * {@code Add}/{@code AddV2} (a residual sum, or the PReLU pattern below),
 * {@code Squeeze} of a 1x1 map, the L2 norm {@code x * Rsqrt(Maximum(Sum(Square(x)), eps))},
 * {@code MaxPool} (TF 'same', or 'valid' where it pads nothing) and a {@code Pad} that only appends
 * zero channels (a residual shortcut widened). An output reached through {@code Identity} or {@code Reshape} nodes is the
 * map before them, in the graph's layout: the caller orders it as TF's NHWC reshape would
 * (detector heads).
 * Anything else is a {@link TfjsFormatException} naming the node, so a new graph fails loudly
 * until its ops are added here. A graph with several heads can be built for some of them
 * ({@link #translateHeads}): the constants only the other heads read are then left out on purpose.
 *
 * <p>PReLU as TF.js converters write it: {@code Add(Relu(p), Mul(Sub(p, Abs(p)), c))}, i.e.
 * {@code relu(p) + 2c * min(p, 0)}: a PReLU with slope {@code 2c}. When the positive term is
 * {@code p} itself, {@code p + 2c * min(p, 0)} is a PReLU with slope {@code 1 + 2c}.
 */
public final class TfjsGraphTranslator {

  /** A built vertex and its activation shape (channels, height, width; 1x1 after a squeeze). */
  private record Vertex(String name, int channels, int height, int width) {
  }

  private final TfjsGraphModel model;
  private final TfjsGraphBuilder builder;
  private final String input;
  private final Map<String, Vertex> built = new HashMap<>();

  private TfjsGraphTranslator(TfjsGraphModel model, TfjsNode placeholder, CNN2DFormat format) {
    int[] shape = placeholderShape(placeholder);
    this.model = model;
    this.input = placeholder.name();
    this.builder = new TfjsGraphBuilder(model.weights(), input, shape[1], format);
    built.put(input, new Vertex(input, shape[3], shape[1], shape[2]));
  }

  /**
   * Builds the graph from its single placeholder to the output nodes (in that order), weights
   * loaded, activations in {@code format} (NHWC for depthwise nets: see {@link TfjsGraphBuilder}).
   */
  public static ComputationGraph translate(TfjsGraphModel model, CNN2DFormat format, String... outputNodes) {
    return create(model, format).build(outputNodes);
  }

  /**
   * As {@link #translate}, for a graph with more heads than {@code outputNodes}: the constants that
   * only the other heads read are ignored rather than refused (FaceMesh's contour head, say).
   */
  public static ComputationGraph translateHeads(TfjsGraphModel model, CNN2DFormat format, String... outputNodes) {
    TfjsGraphTranslator translator = create(model, format);
    translator.ignoreConstantsOutside(outputNodes);
    return translator.build(outputNodes);
  }

  private static TfjsGraphTranslator create(TfjsGraphModel model, CNN2DFormat format) {
    List<TfjsNode> placeholders = model.nodes().stream().filter(n -> n.op().equals("Placeholder")).toList();
    if (placeholders.size() != 1) {
      throw new TfjsFormatException(model.source() + ": expected one Placeholder input, found " + placeholders.size());
    }
    return new TfjsGraphTranslator(model, placeholders.get(0), format);
  }

  private ComputationGraph build(String... outputNodes) {
    String[] outputs = new String[outputNodes.length];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = output(outputNodes[i]).name();
    }
    return builder.build(outputs);
  }

  /** Marks as ignored every constant that no node on the way to {@code outputNodes} reads. */
  private void ignoreConstantsOutside(String... outputNodes) {
    Set<String> reached = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String output : outputNodes) {
      todo.push(model.node(output).name());
    }
    while (!todo.isEmpty()) {
      TfjsNode node = model.node(todo.pop());
      if (reached.add(node.name())) {
        node.inputs().forEach(input -> todo.push(model.node(input).name()));
      }
    }
    model.nodes().stream().filter(n -> n.op().equals("Const") && !reached.contains(n.name()))
        .forEach(n -> builder.ignore(n.name()));
  }

  /** The vertex behind an output, past Identity and Reshape nodes (whose shape constants are not needed). */
  private Vertex output(String name) {
    TfjsNode node = model.node(name);
    while (node.op().equals("Identity") || node.op().equals("Reshape")) {
      if (node.op().equals("Reshape")) {
        builder.ignore(model.node(node.input(1)).name());
      }
      node = model.node(node.input(0));
    }
    return vertex(node.name());
  }

  /** The input's NHWC shape [n, h, w, c] as declared (n may be -1). */
  public static int[] placeholderShape(TfjsNode placeholder) {
    int[] dims = placeholder.attrs().containsKey("shape")
        ? placeholder.attrs().get("shape").path("shape").findValues("size").stream().mapToInt(d -> d.asInt()).toArray()
        : new int[0];
    if (dims.length != 4 || dims[1] <= 0 || dims[1] != dims[2] || dims[3] != 3) {
      throw new TfjsFormatException("input " + placeholder + " has shape " + Arrays.toString(dims)
          + "; only square NHWC RGB inputs are supported");
    }
    return dims;
  }

  private Vertex vertex(String name) {
    TfjsNode node = model.node(name);
    Vertex done = built.get(node.name());
    if (done != null) {
      return done;
    }
    Vertex vertex = switch (node.op()) {
      case "_FusedConv2D" -> conv(node, false);
      case "FusedDepthwiseConv2dNative", "DepthwiseConv2dNative" -> conv(node, true);
      case "Relu" -> relu(node);
      case "Prelu" -> prelu(node);
      case "Sigmoid" -> activation(node, Activation.SIGMOID);
      case "Add", "AddV2" -> add(node);
      case "Squeeze" -> squeeze(node);
      case "Mul" -> l2Norm(node);
      case "MaxPool" -> maxPool(node);
      case "Pad" -> channelPad(node);
      default -> throw unsupported(node, "op not supported by this port");
    };
    built.put(node.name(), vertex);
    return vertex;
  }

  private Vertex conv(TfjsNode node, boolean depthwise) {
    Vertex in = vertex(node.input(0));
    TfjsTensor filters = constant(node.input(1));
    int[] k = filters.shape();
    List<String> fused = node.strings("fused_ops");
    boolean hasBias = !node.op().equals("DepthwiseConv2dNative");
    if (hasBias && (fused.isEmpty() || !fused.get(0).equals("BiasAdd") || fused.size() > 2
        || (fused.size() == 2 && !fused.get(1).equals("Relu") && !fused.get(1).equals("Prelu")))) {
      throw unsupported(node, "fused_ops " + fused + " (supported: BiasAdd, optionally Relu or Prelu)");
    }
    boolean fusedPrelu = fused.size() == 2 && fused.get(1).equals("Prelu");
    Activation activation = fused.size() == 2 && !fusedPrelu ? Activation.RELU : Activation.IDENTITY;
    int stride = stride(node);
    if (!Arrays.equals(node.ints("dilations", 1, 1, 1, 1), new int[] {1, 1, 1, 1})
        || !node.string("data_format", "NHWC").equals("NHWC")) {
      throw unsupported(node, "dilations/data_format other than 1/NHWC");
    }
    String padding = node.string("padding", "");
    ConvolutionMode mode = switch (padding) {
      case "SAME" -> ConvolutionMode.Same;
      case "VALID" -> ConvolutionMode.Truncate;
      default -> throw unsupported(node, "padding '" + padding + "'");
    };
    int channelsIn = k[2];
    if (channelsIn != in.channels()) {
      throw unsupported(node, "filters " + filters + " on an input of " + in.channels() + " channels");
    }
    int out = depthwise ? channelsIn * k[3] : k[3];
    if (depthwise && k[3] != 1) {
      throw unsupported(node, "depth multiplier " + k[3]);
    }
    TfjsTensor bias = hasBias ? constant(node.input(2)) : null;
    String layer = layerName(node);
    // A fused Prelu is the convolution's own vertex followed by the PReLU, named after the node.
    String convLayer = fusedPrelu ? layer + ".conv" : layer;
    if (depthwise) {
      builder.depthwise(convLayer, in.name(), filters, null, bias == null ? null : bias.values(), stride, mode, activation);
    } else {
      builder.conv(convLayer, in.name(), filters, bias, stride, mode, activation);
    }
    if (fusedPrelu) {
      builder.prelu(layer, convLayer, preluSlopes(node, node.input(3), out));
    }
    return new Vertex(layer, out, outSize(in.height(), k[0], stride, mode), outSize(in.width(), k[1], stride, mode));
  }

  private Vertex activation(TfjsNode node, Activation activation) {
    Vertex in = vertex(node.input(0));
    return same(in, builder.activation(layerName(node), in.name(), activation));
  }

  /** TF.js's native {@code Prelu(x, alpha)}: {@code x > 0 ? x : alpha * x}, one slope per channel. */
  private Vertex prelu(TfjsNode node) {
    Vertex in = vertex(node.input(0));
    return same(in, builder.prelu(layerName(node), in.name(), preluSlopes(node, node.input(1), in.channels())));
  }

  /** A Prelu's slopes: a constant of {@code channels} values, shaped [c] or [1, 1, c] as converters write them. */
  private float[] preluSlopes(TfjsNode node, String alphaName, int channels) {
    TfjsTensor alpha = constant(alphaName);
    if (alpha.values().length != channels) {
      throw unsupported(node, "PReLU slopes " + alpha + " for " + channels + " channels");
    }
    return alpha.values();
  }

  private Vertex relu(TfjsNode node) {
    TfjsNode x = model.node(node.input(0));
    if ((x.op().equals("Add") || x.op().equals("AddV2")) && preluTerm(x) < 0 && !built.containsKey(x.name())
        && consumers(x) == 1) {
      // The sum is read by this ReLU alone: one vertex instead of an add and an activation.
      Vertex[] terms = addends(x);
      return same(terms[0], builder.addRelu(layerName(node), terms[0].name(), terms[1].name()));
    }
    Vertex in = vertex(x.name());
    return same(in, builder.activation(layerName(node), in.name(), Activation.RELU));
  }

  private Vertex add(TfjsNode node) {
    int m = preluTerm(node);
    if (m >= 0) {
      TfjsNode mul = model.node(node.input(m));
      TfjsNode other = model.node(node.input(1 - m));
      String p = model.preluInput(mul);
      boolean reluTerm = !other.name().equals(p);
      Vertex in = vertex(p);
      float[] c = constant(mul.input(1), in.channels()).values();
      float[] alpha = new float[c.length];
      for (int i = 0; i < c.length; i++) {
        alpha[i] = reluTerm ? 2 * c[i] : 1 + 2 * c[i];
      }
      return same(in, builder.prelu(layerName(node), in.name(), alpha));
    }
    Vertex[] terms = addends(node);
    return same(terms[0], builder.add(layerName(node), terms[0].name(), terms[1].name()));
  }

  /**
   * Which input of {@code add} is the {@code Mul} of a PReLU pattern (the other being its input or
   * the ReLU of it), or -1 for a plain sum.
   */
  private int preluTerm(TfjsNode add) {
    for (int m = 0; m < 2; m++) {
      TfjsNode mul = model.node(add.input(m));
      TfjsNode other = model.node(add.input(1 - m));
      String p = model.preluInput(mul);
      if (p != null && (other.name().equals(p)
          || other.op().equals("Relu") && model.node(other.input(0)).name().equals(p))) {
        return m;
      }
    }
    return -1;
  }

  /** The two same-shaped terms of a plain sum. */
  private Vertex[] addends(TfjsNode node) {
    Vertex a = vertex(node.input(0));
    Vertex b = vertex(node.input(1));
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
      throw unsupported(node, "adds " + a + " and " + b + " of different shapes");
    }
    return new Vertex[] {a, b};
  }

  /** How many nodes of the graph read {@code node}'s output. */
  private long consumers(TfjsNode node) {
    return model.nodes().stream().flatMap(n -> n.inputs().stream())
        .filter(input -> model.node(input).name().equals(node.name())).count();
  }

  private Vertex maxPool(TfjsNode node) {
    Vertex in = vertex(node.input(0));
    int[] k = node.ints("ksize", 1, 1, 1, 1);
    int stride = stride(node);
    String padding = node.string("padding", "");
    // 'VALID' with a window that tiles the map exactly pads nothing, so it is 'SAME' too.
    boolean validTiles = padding.equals("VALID") && k.length == 4 && k[1] == stride
        && in.height() % stride == 0 && in.width() % stride == 0;
    if (k.length != 4 || k[1] != k[2] || !(padding.equals("SAME") || validTiles)
        || !node.string("data_format", "NHWC").equals("NHWC")) {
      throw unsupported(node, "only square NHWC max pooling, 'SAME' or a 'VALID' one that pads nothing, is supported");
    }
    return new Vertex(builder.maxPool(layerName(node), in.name(), k[1], stride), in.channels(),
        outSize(in.height(), k[1], stride, ConvolutionMode.Same), outSize(in.width(), k[2], stride, ConvolutionMode.Same));
  }

  /** {@code Pad} with paddings {@code [[0,0],[0,0],[0,0],[0,extra]]}: zero channels appended. */
  private Vertex channelPad(TfjsNode node) {
    Vertex in = vertex(node.input(0));
    float[] p = constant(node.input(1), 4, 2).values();
    for (int i = 0; i < 7; i++) {
      if (p[i] != 0) {
        throw unsupported(node, "paddings " + Arrays.toString(p) + " (only zero channels appended at the end)");
      }
    }
    int out = in.channels() + (int) p[7];
    return new Vertex(builder.zeroChannels(layerName(node), in.name(), in.channels(), out), out, in.height(), in.width());
  }

  private Vertex squeeze(TfjsNode node) {
    Vertex in = vertex(node.input(0));
    if (!Arrays.equals(node.ints("squeeze_dims"), new int[] {1, 2}) || in.height() != 1 || in.width() != 1) {
      throw unsupported(node, "only squeezing a 1x1 map's spatial axes is supported, input " + in);
    }
    return new Vertex(builder.squeezeSpatial(layerName(node), in.name()), in.channels(), 1, 1);
  }

  /** {@code Mul(x, Rsqrt(Maximum(Sum(Square(x), axis 1), eps)))}: L2 normalisation of rows. */
  private Vertex l2Norm(TfjsNode node) {
    TfjsNode rsqrt = model.node(node.input(1));
    TfjsNode maximum = rsqrt.op().equals("Rsqrt") ? model.node(rsqrt.input(0)) : null;
    TfjsNode sum = maximum != null && maximum.op().equals("Maximum") ? model.node(maximum.input(0)) : null;
    TfjsNode square = sum != null && sum.op().equals("Sum") ? model.node(sum.input(0)) : null;
    if (square == null || !square.op().equals("Square")
        || !model.node(square.input(0)).name().equals(model.node(node.input(0)).name())) {
      throw unsupported(node, "a Mul that is neither a PReLU term nor an L2 normalisation");
    }
    float[] axis = constant(sum.input(1)).values();
    float eps = constant(maximum.input(1)).values()[0];
    Vertex in = vertex(node.input(0));
    if (axis.length != 1 || (axis[0] != 1 && axis[0] != -1) || in.height() != 1 || in.width() != 1) {
      throw unsupported(node, "L2 norm over axis " + Arrays.toString(axis) + " of " + in);
    }
    // TF divides by sqrt(max(|x|^2, eps)); DL4J by max(|x|, sqrt(eps)): equal wherever it matters.
    return same(in, builder.l2Normalise(layerName(node), in.name(), Math.sqrt(eps)));
  }

  private TfjsTensor constant(String name, int... expectedShape) {
    TfjsNode node = model.node(name);
    if (!node.op().equals("Const")) {
      throw unsupported(node, "expected a constant here");
    }
    TfjsTensor tensor = model.weights().require(node.name());
    return builder.use(node.name(), expectedShape.length == 0 ? tensor.shape() : expectedShape);
  }

  private static int stride(TfjsNode node) {
    int[] strides = node.ints("strides", 1, 1, 1, 1);
    if (strides.length != 4 || strides[1] != strides[2] || strides[0] != 1 || strides[3] != 1) {
      throw unsupported(node, "strides " + Arrays.toString(strides) + " (only [1, s, s, 1])");
    }
    return strides[1];
  }

  private static int outSize(int in, int k, int stride, ConvolutionMode mode) {
    return mode == ConvolutionMode.Same ? (in + stride - 1) / stride : (in - k) / stride + 1;
  }

  private static Vertex same(Vertex shape, String name) {
    return new Vertex(name, shape.channels(), shape.height(), shape.width());
  }

  /** DL4J vertex names may not contain '/'. */
  private static String layerName(TfjsNode node) {
    return node.name().replace('/', '.');
  }

  private static TfjsFormatException unsupported(TfjsNode node, String what) {
    return new TfjsFormatException("cannot port " + node + ": " + what);
  }
}
