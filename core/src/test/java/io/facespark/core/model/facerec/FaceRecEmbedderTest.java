package io.facespark.core.model.facerec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.tfjs.TfjsFormatException;
import io.facespark.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loading paths, identity and every kind of bad input, on the real weights. */
class FaceRecEmbedderTest {

  private static final String MANIFEST = FaceRecEmbedder.MANIFEST_FILE;
  private static final String SHARD = "face_recognition_model.bin";

  private static FaceRecEmbedder embedder;
  private static byte[] manifest;
  private static byte[] shard;
  private static INDArray face;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TestData.models().requireVerifiedModelDir();
    embedder = FaceRecEmbedder.load(dir);
    manifest = Files.readAllBytes(dir.resolve(MANIFEST));
    shard = Files.readAllBytes(dir.resolve(SHARD));
    face = FaceRecGoldenTest.readFixture().get(0).pixels();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void describesItself() {
    assertThat(embedder.modelName()).as("name").isEqualTo("facerec");
    assertThat(embedder.dimension()).as("dimension").isEqualTo(128);
    assertThat(embedder.inputSpec().height()).as("input height").isEqualTo(150);
    assertThat(embedder.inputSpec().channelOrder()).as("channel order").hasToString("RGB");
    assertThat(embedder.modelVersion()).as("version = name + 12 hex of the weights hash").matches("facerec-[0-9a-f]{12}");
  }

  @Test
  void fromBytesBuildsTheSameModel() {
    try (FaceRecEmbedder rebuilt = FaceRecEmbedder.fromBytes(manifest, Map.of(SHARD, shard))) {
      assertThat(rebuilt.modelVersion()).as("version from bytes").isEqualTo(embedder.modelVersion());
      assertThat(rebuilt.embedUnnormalised(face)[0]).as("same output, bit for bit")
          .containsExactly(embedder.embedUnnormalised(face)[0]);
    }
  }

  @Test
  void differentWeightsGiveADifferentVersion() {
    byte[] edited = shard.clone();
    edited[1000] ^= 1; // one quantised code of a conv32 filter
    try (FaceRecEmbedder other = FaceRecEmbedder.fromBytes(manifest, Map.of(SHARD, edited))) {
      assertThat(other.modelVersion()).as("version of edited weights").isNotEqualTo(embedder.modelVersion());
    }
  }

  @Test
  void missingDirectoryOrShardIsNamed() throws Exception {
    assertThatThrownBy(() -> FaceRecEmbedder.load(tmp))
        .as("empty directory").hasMessageContaining(tmp.resolve(MANIFEST).toString());
    Files.write(tmp.resolve(MANIFEST), manifest);
    assertThatThrownBy(() -> FaceRecEmbedder.load(tmp))
        .as("manifest without shard").isInstanceOf(TfjsFormatException.class).hasMessageContaining(SHARD);
    assertThatThrownBy(() -> FaceRecEmbedder.fromBytes(manifest, Map.of()))
        .as("no shard bytes").isInstanceOf(TfjsFormatException.class).hasMessageContaining(SHARD);
  }

  @Test
  void truncatedWeightsAreRejectedBeforeAnyGraphIsBuilt() {
    byte[] cut = java.util.Arrays.copyOf(shard, shard.length / 2);
    assertThatThrownBy(() -> FaceRecEmbedder.fromBytes(manifest, Map.of(SHARD, cut)))
        .as("half a shard").isInstanceOf(TfjsFormatException.class).hasMessageContaining(SHARD)
        .hasMessageContaining("truncated");
  }

  @Test
  void aManifestThatDoesNotMatchTheGraphNamesTheTensor() throws Exception {
    String json = new String(manifest, StandardCharsets.UTF_8);
    String transposed = json.replace("{\"name\":\"fc\",\"shape\":[256,128]", "{\"name\":\"fc\",\"shape\":[128,256]");
    assertThat(transposed).as("fixture edit applied").isNotEqualTo(json);
    assertThatThrownBy(() -> FaceRecEmbedder.fromBytes(bytes(transposed), Map.of(SHARD, shard)))
        .as("fc with swapped shape").isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining("'fc'").hasMessageContaining("[128, 256]").hasMessageContaining("expected [256, 128]");

    String renamed = json.replace("conv64_1/conv1/scale/weights", "conv64_1/conv1/scale/weightz");
    assertThatThrownBy(() -> FaceRecEmbedder.fromBytes(bytes(renamed), Map.of(SHARD, shard)))
        .as("a renamed tensor").isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining("'conv64_1/conv1/scale/weights' not found");

    Path landmarks = TestData.models().modelDir();
    byte[] other = Files.readAllBytes(landmarks.resolve("face_landmark_68_model-weights_manifest.json"));
    byte[] otherShard = Files.readAllBytes(landmarks.resolve("face_landmark_68_model.bin"));
    assertThatThrownBy(() -> FaceRecEmbedder.fromBytes(other, Map.of("face_landmark_68_model.bin", otherShard)))
        .as("another net's manifest").isInstanceOf(TfjsFormatException.class)
        .hasMessageContaining("conv32_down/conv/filters");
  }

  @Test
  void badBatchesAreRejectedWithWhatWasWrong() {
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 0, 3, 150, 150)))
        .as("empty batch").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty batch");
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 1, 3, 160, 160)))
        .as("wrong size").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 3, 160, 160]").hasMessageContaining("[n, 3, 150, 150]");
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 1, 150, 150, 3)))
        .as("NHWC instead of NCHW").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 150, 150, 3]");
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 3, 150, 150)))
        .as("missing batch axis").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 150, 150]");
    assertThatThrownBy(() -> embedder.embed(null)).as("null").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNanPixelIsLocated() {
    INDArray batch = Nd4j.concat(0, face, face);
    batch.putScalar(new long[] {1, 2, 7, 9}, Float.NaN);
    assertThatThrownBy(() -> embedder.embed(batch))
        .as("NaN in the second image's blue plane").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch index 1").hasMessageContaining("channel 2")
        .hasMessageContaining("row 7").hasMessageContaining("column 9");
  }

  @Test
  void batchRowsDoNotInfluenceEachOther() {
    float[] alone = embedder.embed(face)[0];
    INDArray batch = Nd4j.concat(0, Nd4j.zeros(DataType.FLOAT, 1, 3, 150, 150), face);
    assertThat(embedder.embed(batch)[1]).as("row 1 of a mixed batch vs the same face alone")
        .usingComparatorWithPrecision(1e-6f).containsExactly(alone);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
