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
          {"name": "out", "op": "AddV2", "input": ["prelu", "conv"]}]},
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

  @ParameterizedTest
  @EnumSource(CNN2DFormat.class)
  void convPreluAndResidualAddComputeWhatTheNodesSay(CNN2DFormat format) {
    // w (HWIO 1x1x3x2): out0 = x0 - x1, out1 = 2 x2; b = (0.5, -1); c = (0.25, -0.1) -> slopes 0.5, -0.2
    float[] weights = {1, 0, -1, 0, 0, 2, 0.5f, -1, 0.25f, -0.1f};
    TfjsGraphModel model = TfjsGraphModel.read("tiny.json", modelJson("_FusedConv2D").getBytes(StandardCharsets.UTF_8),
        shard(weights));
    ComputationGraph graph = TfjsGraphTranslator.translate(model, format, "out");

    // one pixel per position, NCHW: channels (x0, x1, x2)
    float[][] pixels = {{1, 3, 0.2f}, {4, 1, -1}, {0, 0, 0}, {-2, 0, 0.75f}};
    float[] nchw = new float[12];
    for (int p = 0; p < 4; p++) {
      for (int ch = 0; ch < 3; ch++) {
        nchw[ch * 4 + p] = pixels[p][ch];
      }
    }
    // the input is NCHW in either layout; the output map is in the graph's layout
    INDArray map = graph.outputSingle(Nd4j.create(nchw, new long[] {1, 3, 2, 2}, 'c'));
    float[] out = (format == CNN2DFormat.NHWC ? map.permute(0, 3, 1, 2) : map).dup('c').data().asFloat();
    float[] slope = {0.5f, -0.2f};
    for (int p = 0; p < 4; p++) {
      float[] z = {pixels[p][0] - pixels[p][1] + 0.5f, 2 * pixels[p][2] - 1};
      for (int ch = 0; ch < 2; ch++) {
        float prelu = z[ch] > 0 ? z[ch] : slope[ch] * z[ch];
        assertThat(out[ch * 4 + p]).as("channel %d, position %d", ch, p).isCloseTo(prelu + z[ch], within(1e-6f));
      }
    }
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
