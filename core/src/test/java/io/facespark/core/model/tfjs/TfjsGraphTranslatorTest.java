package io.facespark.core.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny hand-written graph models: the translator's ops against arithmetic done by hand. */
class TfjsGraphTranslatorTest {

  private static final String SAME = "\"U0FNRQ==\"";       // base64 "SAME"
  private static final String BIAS_ADD = "\"Qmlhc0FkZA==\""; // base64 "BiasAdd"

  /** input 2x2x3 -> 1x1 conv (3 -> 2, bias) -> PReLU as TF.js writes it -> plus the conv output. */
  private static String modelJson(String op) {
    return """
        {"format": "graph-model", "modelTopology": {"node": [
          {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "2"}, {"size": "2"}, {"size": "3"}]}}}},
          {"name": "w", "op": "Const"}, {"name": "b", "op": "Const"}, {"name": "c", "op": "Const"},
          {"name": "conv", "op": "%s", "input": ["x", "w", "b"], "attr": {"padding": {"s": %s},
            "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": [%s]}}}},
          {"name": "relu", "op": "Relu", "input": ["conv"]},
          {"name": "abs", "op": "Abs", "input": ["conv"]},
          {"name": "sub", "op": "Sub", "input": ["conv", "abs"]},
          {"name": "mul", "op": "Mul", "input": ["sub", "c"]},
          {"name": "prelu", "op": "Add", "input": ["relu", "mul"]},
          {"name": "out", "op": "AddV2", "input": ["prelu", "conv"]},
          {"name": "outRelu", "op": "Relu", "input": ["out"]}]},
         "weightsManifest": [{"paths": ["w.bin"], "weights": [
          {"name": "w", "shape": [1, 1, 3, 2], "dtype": "float32"},
          {"name": "b", "shape": [2], "dtype": "float32"},
          {"name": "c", "shape": [2], "dtype": "float32"}]}]}
        """.formatted(op, SAME, BIAS_ADD);
  }

  private static Map<String, byte[]> shard(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return Map.of("w.bin", buffer.array());
  }

  /** One pixel per position of the 2x2 input, channels (x0, x1, x2). */
  private static final float[][] PIXELS = {{1, 3, 0.2f}, {4, 1, -1}, {0, 0, 0}, {-2, 0, 0.75f}};

  @ParameterizedTest
  @EnumSource(CNN2DFormat.class)
  void convPreluAndResidualAddComputeWhatTheNodesSay(CNN2DFormat format) {
    float[] out = run(tinyGraph(format, "out"), format);
    assertThat(out).containsExactly(preluPlusConv(), within(1e-6f));
  }

  @ParameterizedTest
  @EnumSource(CNN2DFormat.class)
  void aReluOfASumReadByNothingElseIsOneFusedVertex(CNN2DFormat format) {
    ComputationGraph graph = tinyGraph(format, "outRelu");
    assertThat(graph.getConfiguration().getVertices().get("outRelu")).isInstanceOf(AddRelu.class);
    assertThat(graph.getConfiguration().getVertices()).doesNotContainKey("out");

    float[] sum = preluPlusConv();
    float[] expected = new float[sum.length];
    boolean clipped = false;
    for (int i = 0; i < sum.length; i++) {
      expected[i] = Math.max(sum[i], 0f);
      clipped |= sum[i] < 0;
    }
    assertThat(clipped).as("some sums are negative, so the ReLU is exercised").isTrue();
    assertThat(run(graph, format)).containsExactly(expected, within(1e-6f));
  }

  /**
   * The tiny model with w (HWIO 1x1x3x2): conv0 = x0 - x1, conv1 = 2 x2; b = (0.5, -1);
   * c = (0.25, -0.1) -> slopes 0.5, -0.2.
   */
  private static ComputationGraph tinyGraph(CNN2DFormat format, String output) {
    float[] weights = {1, 0, -1, 0, 0, 2, 0.5f, -1, 0.25f, -0.1f};
    TfjsGraphModel model = TfjsGraphModel.read("tiny.json", modelJson("_FusedConv2D").getBytes(StandardCharsets.UTF_8),
        shard(weights));
    return TfjsGraphTranslator.translate(model, format, output);
  }

  /** {@code prelu(conv) + conv} of {@link #PIXELS} by hand, NCHW. */
  private static float[] preluPlusConv() {
    float[] slope = {0.5f, -0.2f};
    float[] out = new float[8];
    for (int p = 0; p < 4; p++) {
      float[] z = {PIXELS[p][0] - PIXELS[p][1] + 0.5f, 2 * PIXELS[p][2] - 1};
      for (int ch = 0; ch < 2; ch++) {
        out[ch * 4 + p] = (z[ch] > 0 ? z[ch] : slope[ch] * z[ch]) + z[ch];
      }
    }
    return out;
  }

  /**
   * {@link #PIXELS} through {@code graph}, NCHW out: the input is NCHW in either layout, the output
   * map is in the graph's layout.
   */
  private static float[] run(ComputationGraph graph, CNN2DFormat format) {
    float[] nchw = new float[12];
    for (int p = 0; p < 4; p++) {
      for (int ch = 0; ch < 3; ch++) {
        nchw[ch * 4 + p] = PIXELS[p][ch];
      }
    }
    INDArray map = graph.outputSingle(Nd4j.create(nchw, new long[] {1, 3, 2, 2}, 'c'));
    return (format == CNN2DFormat.NHWC ? map.permute(0, 3, 1, 2) : map).dup('c').data().asFloat();
  }

  /**
   * FaceMesh's ops: input 2x2x3 -> 1x1 conv with a fused BiasAdd + Prelu (slopes a) -> 2x2 'VALID'
   * max pool -> native Prelu (slopes p) -> Sigmoid; a second head (a conv of the input) beside it.
   */
  private static final String MESH_OPS = """
      {"format": "graph-model", "modelTopology": {"node": [
        {"name": "x", "op": "Placeholder", "attr": {"shape": {"shape": {"dim": [{"size": "-1"}, {"size": "2"}, {"size": "2"}, {"size": "3"}]}}}},
        {"name": "w", "op": "Const"}, {"name": "b", "op": "Const"}, {"name": "a", "op": "Const"}, {"name": "p", "op": "Const"},
        {"name": "w2", "op": "Const"}, {"name": "b2", "op": "Const"},
        {"name": "conv", "op": "_FusedConv2D", "input": ["x", "w", "b", "a"], "attr": {"padding": {"s": "VkFMSUQ="},
          "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UHJlbHU="]}}}},
        {"name": "pool", "op": "MaxPool", "input": ["conv"], "attr": {"padding": {"s": "VkFMSUQ="},
          "ksize": {"list": {"i": ["1", "2", "2", "1"]}}, "strides": {"list": {"i": ["1", "2", "2", "1"]}}}},
        {"name": "prelu", "op": "Prelu", "input": ["pool", "p"]},
        {"name": "flag", "op": "Sigmoid", "input": ["prelu"]},
        {"name": "other", "op": "_FusedConv2D", "input": ["x", "w2", "b2"], "attr": {"padding": {"s": "VkFMSUQ="},
          "strides": {"list": {"i": ["1", "1", "1", "1"]}}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA=="]}}}}]},
       "weightsManifest": [{"paths": ["w.bin"], "weights": [
        {"name": "w", "shape": [1, 1, 3, 2], "dtype": "float32"}, {"name": "b", "shape": [2], "dtype": "float32"},
        {"name": "a", "shape": [1, 1, 2], "dtype": "float32"}, {"name": "p", "shape": [1, 1, 2], "dtype": "float32"},
        {"name": "w2", "shape": [1, 1, 3, 1], "dtype": "float32"}, {"name": "b2", "shape": [1], "dtype": "float32"}]}]}
      """;

  @ParameterizedTest
  @EnumSource(CNN2DFormat.class)
  void fusedAndNativePreluValidMaxPoolAndSigmoidComputeWhatTheNodesSay(CNN2DFormat format) {
    // w as in tinyGraph (conv0 = x0 - x1, conv1 = 2 x2), b = (0.5, -2), a = (0.1, 0.3), p = (-0.5, 2):
    // channel 0 stays positive, channel 1 is negative everywhere, so both slopes of it count.
    float[] weights = {1, 0, -1, 0, 0, 2, 0.5f, -2, 0.1f, 0.3f, -0.5f, 2, 1, 1, 1, 0};
    TfjsGraphModel model = TfjsGraphModel.read("mesh-ops.json", MESH_OPS.getBytes(StandardCharsets.UTF_8), shard(weights));
    float[] expected = new float[2];
    float[] a = {0.1f, 0.3f};
    float[] p = {-0.5f, 2};
    for (int ch = 0; ch < 2; ch++) {
      float max = -Float.MAX_VALUE;
      for (float[] px : PIXELS) {
        float z = ch == 0 ? px[0] - px[1] + 0.5f : 2 * px[2] - 2;
        max = Math.max(max, z > 0 ? z : a[ch] * z);
      }
      assertThat(max > 0).as("channel %d's sign after the pool", ch).isEqualTo(ch == 0);
      float q = max > 0 ? max : p[ch] * max;
      expected[ch] = (float) (1 / (1 + Math.exp(-q)));
    }
    assertThat(run(TfjsGraphTranslator.translateHeads(model, format, "flag"), format)).containsExactly(expected, within(1e-6f));
  }

  @Test
  void onlyTranslateHeadsLeavesAnotherHeadsConstantsOut() {
    TfjsGraphModel model = TfjsGraphModel.read("mesh-ops.json", MESH_OPS.getBytes(StandardCharsets.UTF_8),
        shard(new float[16]));
    assertThatThrownBy(() -> TfjsGraphTranslator.translate(model, CNN2DFormat.NHWC, "flag"))
        .isInstanceOf(TfjsFormatException.class).hasMessageContaining("tensors this net does not use: [w2, b2]");
  }

  @Test
  void anUnsupportedOpFailsNamingTheNode() {
    TfjsGraphModel model = TfjsGraphModel.read("tiny.json", modelJson("Conv3D").getBytes(StandardCharsets.UTF_8),
        shard(new float[10]));
    assertThatThrownBy(() -> TfjsGraphTranslator.translate(model, CNN2DFormat.NCHW, "out"))
        .isInstanceOf(TfjsFormatException.class).hasMessageContaining("Conv3D 'conv'");
  }

  @Test
  void nodesExposeTheirAttributes() {
    TfjsGraphModel model = TfjsGraphModel.read("tiny.json", modelJson("_FusedConv2D").getBytes(StandardCharsets.UTF_8),
        shard(new float[10]));
    TfjsNode conv = model.node("conv:0");
    assertThat(conv.string("padding", "")).isEqualTo("SAME");
    assertThat(conv.strings("fused_ops")).containsExactly("BiasAdd");
    assertThat(conv.ints("strides")).containsExactly(1, 1, 1, 1);
    assertThat(conv.inputs()).containsExactly("x", "w", "b");
    assertThat(model.preluInput(model.node("mul"))).isEqualTo("conv");
    assertThat(TfjsGraphModel.shardPaths("tiny.json", modelJson("_FusedConv2D").getBytes(StandardCharsets.UTF_8)))
        .containsExactly("w.bin");
  }
}
