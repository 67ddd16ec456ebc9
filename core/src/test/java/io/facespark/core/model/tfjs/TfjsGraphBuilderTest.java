package io.facespark.core.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NHWC layout of ported graphs (the fast oneDNN path: {@link NhwcDepthwiseConvolution},
 * {@link NhwcConvolution}) against the NCHW one of DL4J's stock layers and against a depthwise
 * convolution written out by hand with TF's 'SAME' / 'VALID' padding, on random weights and
 * inputs of odd and even sizes, batch 3.
 */
class TfjsGraphBuilderTest {

  private static final int BATCH = 3;

  @ParameterizedTest(name = "{0}x{0} kernel, stride {1}, {2}x{2} input, {3}")
  @CsvSource({"3, 1, 13, Same", "3, 2, 13, Same", "5, 2, 11, Same", "3, 2, 8, Same", "5, 1, 9, Same",
      "3, 2, 13, Truncate", "3, 1, 8, Truncate"})
  void depthwiseInEitherLayoutIsTheHandWrittenConvolution(int k, int stride, int size, ConvolutionMode mode) {
    Random random = new Random(31L * k + 7L * stride + size);
    float[] filters = gaussian(random, k * k * 3);
    float[] scale = gaussian(random, 3);
    float[] shift = gaussian(random, 3);
    INDArray input = Nd4j.create(gaussian(random, BATCH * 3 * size * size), new long[] {BATCH, 3, size, size}, 'c');
    float[] expected = depthwise(input, filters, scale, shift, k, stride, mode);

    for (CNN2DFormat format : CNN2DFormat.values()) {
      TfjsWeights weights = weights(Map.of("dw", new TfjsTensor("dw", new int[] {k, k, 3, 1}, "float32", filters)));
      TfjsGraphBuilder b = new TfjsGraphBuilder(weights, "in", size, format);
      b.depthwise("dw", "in", b.use("dw", k, k, 3, 1), scale, shift, stride, mode, Activation.IDENTITY);
      ComputationGraph graph = b.build("dw");
      // NCHW is DL4J's stock layer, NHWC the direct libnd4j op
      assertThat(graph.getLayer("dw").conf().getLayer()).as(format.toString())
          .isInstanceOf(format == CNN2DFormat.NHWC ? NhwcDepthwiseConvolution.class : DepthwiseConvolution2D.class);
      float[] actual = nchw(graph.outputSingle(false, input), format);
      assertThat(actual).as(format.toString()).containsExactly(expected, within(2e-5f));
    }
  }

  @ParameterizedTest(name = "{0}x{0} input")
  @CsvSource({"13", "12"})
  void aSeparableBlockAndAStridedConvGiveTheSameMapsInEitherLayout(int size) {
    Random random = new Random(size);
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    tensors.put("pw1", new TfjsTensor("pw1", new int[] {1, 1, 3, 6}, "float32", gaussian(random, 18)));
    tensors.put("b1", new TfjsTensor("b1", new int[] {6}, "float32", gaussian(random, 6)));
    tensors.put("dw", new TfjsTensor("dw", new int[] {3, 3, 6, 1}, "float32", gaussian(random, 54)));
    tensors.put("pw2", new TfjsTensor("pw2", new int[] {1, 1, 6, 6}, "float32", gaussian(random, 36)));
    tensors.put("b2", new TfjsTensor("b2", new int[] {6}, "float32", gaussian(random, 6)));
    tensors.put("k3", new TfjsTensor("k3", new int[] {3, 3, 3, 5}, "float32", gaussian(random, 135)));
    tensors.put("b3", new TfjsTensor("b3", new int[] {5}, "float32", gaussian(random, 5)));
    float[] alpha = gaussian(random, 6);
    INDArray input = Nd4j.create(gaussian(random, BATCH * 3 * size * size), new long[] {BATCH, 3, size, size}, 'c');

    Map<CNN2DFormat, float[][]> outputs = new LinkedHashMap<>();
    for (CNN2DFormat format : CNN2DFormat.values()) {
      TfjsGraphBuilder b = new TfjsGraphBuilder(weights(tensors), "in", size, format);
      String x = b.conv("pw1", "in", b.use("pw1", 1, 1, 3, 6), b.use("b1", 6), 1, Activation.RELU);
      String d = b.depthwise("dw", x, b.use("dw", 3, 3, 6, 1), null, null, 2, Activation.IDENTITY);
      String p = b.prelu("prelu", b.conv("pw2", d, b.use("pw2", 1, 1, 6, 6), b.use("b2", 6), 1, Activation.IDENTITY), alpha);
      String pool = b.maxPool("pool", x, 2, 2);
      String sum = b.add("sum", p, pool);
      String wide = b.zeroChannels("wide", sum, 6, 8);
      String mean = b.globalAverage("mean", wide);
      String strided = b.conv("k3", "in", b.use("k3", 3, 3, 3, 5), b.use("b3", 5), 2, Activation.RELU6);
      ComputationGraph graph = b.build(wide, mean, strided);
      assertThat(graph.getLayer("pw2").conf().getLayer())
          .isInstanceOf(format == CNN2DFormat.NHWC ? NhwcConvolution.class : ConvolutionLayer.class);
      INDArray[] out = graph.output(false, input);
      outputs.put(format, new float[][] {nchw(out[0], format), out[1].dup('c').data().asFloat(), nchw(out[2], format)});
    }
    float[][] stock = outputs.get(CNN2DFormat.NCHW);
    float[][] nhwc = outputs.get(CNN2DFormat.NHWC);
    assertThat(stock[0]).hasSize(BATCH * 8 * ((size + 1) / 2) * ((size + 1) / 2));
    assertThat(nhwc[0]).as("map").containsExactly(stock[0], within(2e-5f));
    assertThat(nhwc[1]).as("global mean").containsExactly(stock[1], within(2e-5f));
    assertThat(nhwc[2]).as("3x3 stride-2 conv").containsExactly(stock[2], within(2e-5f));
  }

  @Test
  void theFusedAddReluInNhwcIsTheStockAddThenReluInNchw() {
    int size = 9;
    Random random = new Random(5);
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    tensors.put("pw1", new TfjsTensor("pw1", new int[] {1, 1, 3, 6}, "float32", gaussian(random, 18)));
    tensors.put("b1", new TfjsTensor("b1", new int[] {6}, "float32", gaussian(random, 6)));
    tensors.put("pw2", new TfjsTensor("pw2", new int[] {1, 1, 6, 6}, "float32", gaussian(random, 36)));
    tensors.put("b2", new TfjsTensor("b2", new int[] {6}, "float32", gaussian(random, 6)));
    INDArray input = Nd4j.create(gaussian(random, BATCH * 3 * size * size), new long[] {BATCH, 3, size, size}, 'c');

    Map<CNN2DFormat, float[][]> outputs = new LinkedHashMap<>();
    for (CNN2DFormat format : CNN2DFormat.values()) {
      TfjsGraphBuilder b = new TfjsGraphBuilder(weights(tensors), "in", size, format);
      String a = b.conv("pw1", "in", b.use("pw1", 1, 1, 3, 6), b.use("b1", 6), 1, Activation.IDENTITY);
      String c = b.conv("pw2", a, b.use("pw2", 1, 1, 6, 6), b.use("b2", 6), 1, Activation.IDENTITY);
      String two;
      String three;
      if (format == CNN2DFormat.NHWC) {
        two = b.addRelu("two", a, c);
        three = b.addRelu("three", a, c, two);
      } else { // DL4J's stock vertices: an add, then an activation layer
        two = b.activation("two", b.add("two.add", a, c), Activation.RELU);
        b.graph().addVertex("three.add", new ElementWiseVertex(ElementWiseVertex.Op.Add), a, c, two);
        three = b.activation("three", "three.add", Activation.RELU);
      }
      // (DL4J fails on a non-layer vertex that is an output and also read by another vertex: "two" is not an output)
      ComputationGraph graph = b.build(a, three);
      INDArray[] out = graph.output(false, input);
      outputs.put(format, new float[][] {nchw(out[0], format), nchw(out[1], format)});
    }
    float[][] stock = outputs.get(CNN2DFormat.NCHW);
    float[][] fused = outputs.get(CNN2DFormat.NHWC);
    // the ReLU must have cut something, or the test would not tell a plain add from a fused one
    assertThat(stock[1]).contains(0f).hasSize(BATCH * 6 * size * size);
    assertThat(fused[0]).as("a term, read again after the fused vertices (left unmodified)").containsExactly(stock[0], within(2e-5f));
    assertThat(fused[1]).as("relu(a + c + relu(a + c))").containsExactly(stock[1], within(2e-5f));
  }

  @Test
  void parametersChangedAfterAForwardAreUsedByTheNextOne() {
    // The NHWC 1x1 layer keeps its weights reshaped to a matrix and its bias to a vector between
    // calls; new values must show through, whether assigned into the parameters or set as new arrays.
    int size = 5;
    Random random = new Random(7);
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    tensors.put("pw", new TfjsTensor("pw", new int[] {1, 1, 3, 4}, "float32", gaussian(random, 12)));
    tensors.put("b", new TfjsTensor("b", new int[] {4}, "float32", gaussian(random, 4)));
    INDArray input = Nd4j.create(gaussian(random, BATCH * 3 * size * size), new long[] {BATCH, 3, size, size}, 'c');
    Map<CNN2DFormat, ComputationGraph> graphs = new LinkedHashMap<>();
    for (CNN2DFormat format : CNN2DFormat.values()) {
      TfjsGraphBuilder b = new TfjsGraphBuilder(weights(tensors), "in", size, format);
      graphs.put(format, b.build(b.conv("pw", "in", b.use("pw", 1, 1, 3, 4), b.use("b", 4), 1, Activation.IDENTITY)));
    }
    ComputationGraph nhwc = graphs.get(CNN2DFormat.NHWC);
    float[] before = nchw(nhwc.outputSingle(false, input), CNN2DFormat.NHWC);

    INDArray assigned = Nd4j.create(gaussian(random, (int) nhwc.numParams()), new long[] {1, nhwc.numParams()}, 'c');
    graphs.values().forEach(graph -> graph.setParams(assigned));
    float[] afterAssign = nchw(nhwc.outputSingle(false, input), CNN2DFormat.NHWC);
    assertThat(afterAssign).as("after setParams").isNotEqualTo(before)
        .containsExactly(nchw(graphs.get(CNN2DFormat.NCHW).outputSingle(false, input), CNN2DFormat.NCHW), within(2e-5f));

    Map<String, INDArray> fresh = new LinkedHashMap<>();
    fresh.put("W", Nd4j.create(gaussian(random, 12), new long[] {4, 3, 1, 1}, 'c'));
    fresh.put("b", Nd4j.create(gaussian(random, 4), new long[] {1, 4}, 'c'));
    graphs.values().forEach(graph -> graph.getLayer("pw").setParamTable(new LinkedHashMap<>(fresh)));
    assertThat(nchw(nhwc.outputSingle(false, input), CNN2DFormat.NHWC)).as("after new parameter arrays")
        .isNotEqualTo(afterAssign)
        .containsExactly(nchw(graphs.get(CNN2DFormat.NCHW).outputSingle(false, input), CNN2DFormat.NCHW), within(2e-5f));
  }

  @Test
  void theNhwcLayersRefuseToTrain() {
    TfjsWeights weights = weights(Map.of("dw", new TfjsTensor("dw", new int[] {3, 3, 3, 1}, "float32", new float[27])));
    TfjsGraphBuilder b = new TfjsGraphBuilder(weights, "in", 5, CNN2DFormat.NHWC);
    b.depthwise("dw", "in", b.use("dw", 3, 3, 3, 1), null, null, 1, Activation.IDENTITY);
    ComputationGraph graph = b.build("dw");
    assertThatThrownBy(() -> graph.getLayer("dw").backpropGradient(Nd4j.ones(1, 5, 5, 3), LayerWorkspaceMgr.noWorkspaces()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NhwcDepthwiseConvolution is an inference-only layer");
  }

  private static TfjsWeights weights(Map<String, TfjsTensor> tensors) {
    return new TfjsWeights("test", tensors, "0");
  }

  /** An output map in NCHW order whatever the graph's layout. */
  private static float[] nchw(INDArray map, CNN2DFormat format) {
    return (format == CNN2DFormat.NHWC ? map.permute(0, 3, 1, 2) : map).dup('c').data().asFloat();
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /**
   * TF's depthwise conv, 'SAME' (the odd pixel of padding bottom/right) or 'VALID' (Truncate), HWC1
   * filters, NCHW in and out.
   */
  private static float[] depthwise(INDArray input, float[] hwc1, float[] scale, float[] shift, int k, int stride,
                                   ConvolutionMode mode) {
    int n = (int) input.size(0);
    int c = (int) input.size(1);
    int size = (int) input.size(2);
    boolean same = mode == ConvolutionMode.Same;
    int out = same ? (size + stride - 1) / stride : (size - k) / stride + 1;
    int pad = same ? Math.max((out - 1) * stride + k - size, 0) / 2 : 0;
    float[] x = input.dup('c').data().asFloat();
    float[] y = new float[n * c * out * out];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int oy = 0; oy < out; oy++) {
          for (int ox = 0; ox < out; ox++) {
            double sum = 0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * stride + ky - pad;
                int ix = ox * stride + kx - pad;
                if (iy >= 0 && iy < size && ix >= 0 && ix < size) {
                  sum += x[((b * c + ch) * size + iy) * size + ix] * hwc1[(ky * k + kx) * c + ch] * scale[ch];
                }
              }
            }
            y[((b * c + ch) * out + oy) * out + ox] = (float) sum + shift[ch];
          }
        }
      }
    }
    return y;
  }
}
