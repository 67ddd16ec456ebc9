package io.facespark.core.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.InputSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Dl4jSidecarTest {

  private static Dl4jSidecar parse(String json) {
    return Dl4jSidecar.parse(json.getBytes(StandardCharsets.UTF_8), "/m/x.zip.facespark.json");
  }

  @Test
  void sidecarSitsNextToTheZip() {
    assertThat(Dl4jSidecar.pathFor(Path.of("/models/arcface.zip")))
        .isEqualTo(Path.of("/models/arcface.zip.facespark.json"));
  }

  @Test
  void documentedExampleParses() {
    Dl4jSidecar sidecar = parse(Dl4jSidecar.example());

    assertThat(sidecar.name()).isEqualTo("myface");
    assertThat(sidecar.inputSpec()).isEqualTo(new InputSpec(112, 112, InputSpec.ChannelOrder.RGB));
    assertThat(sidecar.normalisation().mean()).containsExactly(127.5, 127.5, 127.5);
    assertThat(sidecar.normalisation().scale()).as("one scale applies to all channels")
        .containsExactly(0.0078125, 0.0078125, 0.0078125);
    assertThat(sidecar.embeddingLayer()).isEqualTo("embedding");
  }

  @Test
  void perChannelScaleIndexLayerAndDefaultName() {
    Dl4jSidecar sidecar = parse("{\"input\": {\"height\": 64, \"width\": 48, \"channelOrder\": \"bgr\"},"
        + " \"normalisation\": {\"mean\": [1, 2, 3], \"scale\": [0.5, 0.25, 2]}, \"embeddingLayer\": 4}");

    assertThat(sidecar.name()).isEqualTo(Dl4jSidecar.DEFAULT_NAME);
    assertThat(sidecar.inputSpec()).as("height then width, case-insensitive order")
        .isEqualTo(new InputSpec(64, 48, InputSpec.ChannelOrder.BGR));
    assertThat(sidecar.normalisation().scale()).containsExactly(0.5, 0.25, 2.0);
    assertThat(sidecar.embeddingLayer()).isEqualTo("4");
    assertThat(sidecar.canonical()).contains("layer=4").contains("64x48:BGR").contains("[0.5, 0.25, 2.0]");
  }

  @Test
  void typoedKeyIsAnErrorNotIgnored() {
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("\"mean\"", "\"meam\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/m/x.zip.facespark.json").hasMessageContaining("normalisation.meam");
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("\"RGB\"", "\"RGBA\"")))
        .hasMessageContaining("input.channelOrder").hasMessageContaining("RGBA");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("\"height\": 112", "\"height\": 0")))
        .hasMessageContaining("input.height");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("[127.5, 127.5, 127.5]", "[127.5, 127.5]")))
        .hasMessageContaining("normalisation.mean").hasMessageContaining("3 numbers");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("0.0078125", "0")))
        .hasMessageContaining("scales non-zero");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace(", \"embeddingLayer\": \"embedding\"", "")))
        .hasMessageContaining("embeddingLayer");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("\"embedding\"", "-1")))
        .hasMessageContaining("embeddingLayer").hasMessageContaining("-1");
    assertThatThrownBy(() -> parse(Dl4jSidecar.example().replace("\"myface\"", "\"my face!\"")))
        .hasMessageContaining("\"name\"");
  }

  @Test
  void brokenJsonSaysWhere() {
    assertThatThrownBy(() -> parse("{\n\"input\": {,\n}"))
        .hasMessageContaining("/m/x.zip.facespark.json").hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> parse("[1, 2]")).hasMessageContaining("JSON object");
  }
}
