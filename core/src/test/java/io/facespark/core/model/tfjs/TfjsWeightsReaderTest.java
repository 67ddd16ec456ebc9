package io.facespark.core.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.testing.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsReaderTest {

  private static final String MANIFEST = "face_recognition_model-weights_manifest.json";
  private static final String SHARD = "face_recognition_model.bin";

  @TempDir
  Path tmp;

  @Test
  void readsTheBundledRecognitionWeights() throws Exception {
    Path dir = TestData.models().modelDir();
    TfjsWeights weights = TfjsWeightsReader.read(dir.resolve(MANIFEST));
    byte[] shard = Files.readAllBytes(dir.resolve(SHARD));

    assertThat(weights.names()).as("tensor count (15 blocks: 1 + 14 x 2 conv layers x 4 tensors + fc)")
        .hasSize(4 + 14 * 2 * 4 + 1);
    TfjsTensor first = weights.require("conv32_down/conv/filters", 7, 7, 3, 32);
    // The first tensor starts at byte 0, uint8-quantised: value = q * scale + min.
    double scale = 0.0005260649557207145;
    double min = -0.07101876902229645;
    for (int i = 0; i < 20; i++) {
      assertThat(first.values()[i]).as("dequantised value %d", i)
          .isEqualTo((float) (Byte.toUnsignedInt(shard[i]) * scale + min));
    }
    // conv64_down/conv1/conv/filters is stored as plain float32; every tensor before it (conv32_*)
    // is uint8, one byte per value, so its offset is the number of values before it.
    long offset = 0;
    for (TfjsTensor tensor : weights.tensors().values()) {
      if (tensor.name().equals("conv64_down/conv1/conv/filters")) {
        break;
      }
      offset += tensor.values().length;
    }
    ByteBuffer raw = ByteBuffer.wrap(shard).order(ByteOrder.LITTLE_ENDIAN);
    TfjsTensor plain = weights.require("conv64_down/conv1/conv/filters", 3, 3, 32, 64);
    for (int i = 0; i < 10; i++) {
      assertThat(plain.values()[i]).as("float32 value %d", i).isEqualTo(raw.getFloat((int) offset + 4 * i));
    }
    assertThat(weights.sha256()).as("weights hash").hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void decodesEveryEncoding() {
    // 2 uint8 codes, 2 uint16 codes, 2 float16 halves, 1 float32, 2 int32 via uint8 (rounded), 1 bool
    ByteBuffer data = ByteBuffer.allocate(2 + 4 + 4 + 4 + 2 + 1).order(ByteOrder.LITTLE_ENDIAN);
    data.put((byte) 0).put((byte) 255);
    data.putShort((short) 1).putShort((short) 65535);
    data.putShort((short) 0x3C00).putShort((short) 0xC100); // 1.0, -2.5
    data.putFloat(3.25f);
    data.put((byte) 3).put((byte) 4);
    data.put((byte) 1);
    String manifest = "[{\"paths\":[\"a.bin\"],\"weights\":["
        + "{\"name\":\"u8\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}},"
        + "{\"name\":\"u16\",\"shape\":[2,1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.25,\"min\":2}},"
        + "{\"name\":\"f16\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\"}},"
        + "{\"name\":\"f32\",\"shape\":[],\"dtype\":\"float32\"},"
        + "{\"name\":\"i32\",\"shape\":[2],\"dtype\":\"int32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":0}},"
        + "{\"name\":\"flag\",\"shape\":[1],\"dtype\":\"bool\"}]}]";
    TfjsWeights weights = TfjsWeightsReader.read("test.json", bytes(manifest), Map.of("a.bin", data.array()));

    assertThat(weights.require("u8").values()).as("uint8: q * scale + min").containsExactly(-1f, 126.5f);
    assertThat(weights.require("u16", 2, 1).values()).as("uint16").containsExactly(2.25f, 16385.75f);
    assertThat(weights.require("f16").values()).as("float16").containsExactly(1f, -2.5f);
    assertThat(weights.require("f32").values()).as("float32 scalar").containsExactly(3.25f);
    assertThat(weights.require("i32").values()).as("int32 rounds 1.5 -> 2, 2.0 -> 2").containsExactly(2f, 2f);
    assertThat(weights.require("flag").values()).as("bool").containsExactly(1f);
  }

  @Test
  void halfFloatsConvertExactly() {
    assertThat(HalfFloat.toFloat((short) 0x0001)).as("smallest subnormal").isEqualTo(0x1p-24f);
    assertThat(HalfFloat.toFloat((short) 0x7BFF)).as("largest normal").isEqualTo(65504f);
    assertThat(HalfFloat.toFloat((short) 0x8000)).as("negative zero").isEqualTo(-0f);
    assertThat(HalfFloat.toFloat((short) 0x7C00)).as("infinity").isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloat.toFloat((short) 0x3555)).as("1/3 rounded").isCloseTo(1 / 3f, within(2e-4f));
  }

  @Test
  void truncatedShardNamesTheFileAndTensor() throws Exception {
    Path dir = copyModel();
    byte[] shard = Files.readAllBytes(dir.resolve(SHARD));
    Files.write(dir.resolve(SHARD), Arrays.copyOf(shard, shard.length - 100));

    assertThatThrownBy(() -> TfjsWeightsReader.read(dir.resolve(MANIFEST)))
        .as("a shard cut short by 100 bytes")
        .isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining(MANIFEST)
        .hasMessageContaining("tensor 'fc'")
        .hasMessageContaining(SHARD)
        .hasMessageContaining("truncated");
  }

  @Test
  void paddedShardIsRejected() throws Exception {
    Path dir = copyModel();
    byte[] shard = Files.readAllBytes(dir.resolve(SHARD));
    Files.write(dir.resolve(SHARD), Arrays.copyOf(shard, shard.length + 4));

    assertThatThrownBy(() -> TfjsWeightsReader.read(dir.resolve(MANIFEST)))
        .as("4 stray bytes after the last tensor")
        .isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining(SHARD)
        .hasMessageContaining((shard.length + 4) + " bytes");
  }

  @Test
  void missingShardAndManifestAreNamed() throws Exception {
    Path dir = copyModel();
    Files.delete(dir.resolve(SHARD));
    assertThatThrownBy(() -> TfjsWeightsReader.read(dir.resolve(MANIFEST)))
        .as("shard deleted").isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining("'" + SHARD + "' is missing").hasMessageContaining(MANIFEST);
    assertThatThrownBy(() -> TfjsWeightsReader.read(tmp.resolve("nowhere.json")))
        .as("manifest absent").isInstanceOf(TfjsFormatException.class).hasMessageContaining("nowhere.json");
  }

  @Test
  void malformedManifestsAreRejectedWithTheReason() {
    Map<String, byte[]> shard = Map.of("a.bin", new byte[4]);
    assertThatThrownBy(() -> TfjsWeightsReader.read("m.json", bytes("{not json"), shard))
        .as("bad JSON").hasMessageContaining("m.json").hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> TfjsWeightsReader.read("m.json",
        bytes("[{\"paths\":[\"a.bin\"],\"weights\":[{\"name\":\"s\",\"shape\":[1],\"dtype\":\"string\"}]}]"), shard))
        .as("unsupported dtype").hasMessageContaining("tensor 's'").hasMessageContaining("dtype 'string'");
    assertThatThrownBy(() -> TfjsWeightsReader.read("m.json",
        bytes("[{\"paths\":[\"a.bin\"],\"weights\":[{\"name\":\"q\",\"shape\":[4],\"dtype\":\"float32\","
            + "\"quantization\":{\"dtype\":\"uint8\"}}]}]"), shard))
        .as("quantization without scale").hasMessageContaining("tensor 'q'").hasMessageContaining("scale");
    assertThatThrownBy(() -> TfjsWeightsReader.read("m.json",
        bytes("[{\"paths\":[\"a.bin\"],\"weights\":[{\"name\":\"n\",\"shape\":[-1],\"dtype\":\"float32\"}]}]"), shard))
        .as("negative dimension").hasMessageContaining("tensor 'n'").hasMessageContaining("bad dimension");
  }

  @Test
  void requireChecksNameAndShape() throws Exception {
    TfjsWeights weights = TfjsWeightsReader.read(TestData.models().modelDir().resolve(MANIFEST));
    assertThatThrownBy(() -> weights.require("conv32_down/conv/filters", 3, 3, 3, 32))
        .as("wrong shape").hasMessageContaining("conv32_down/conv/filters").hasMessageContaining("[7, 7, 3, 32]")
        .hasMessageContaining("expected [3, 3, 3, 32]");
    assertThatThrownBy(() -> weights.require("nope")).as("absent tensor").hasMessageContaining("'nope' not found")
        .hasMessageContaining(MANIFEST);
  }

  private Path copyModel() throws Exception {
    Path dir = TestData.models().modelDir();
    Files.copy(dir.resolve(MANIFEST), tmp.resolve(MANIFEST));
    Files.copy(dir.resolve(SHARD), tmp.resolve(SHARD));
    return tmp;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
