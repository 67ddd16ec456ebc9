package io.facespark.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.facerec.FaceRecEmbedder;
import io.facespark.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The factory's facerec branch (the dl4j and vggface branches are covered in the dl4j tests). */
class FaceEmbeddersTest {

  private static INDArray crops(int n) {
    Random random = new Random(5);
    float[] values = new float[n * 3 * 150 * 150];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(256);
    }
    return Nd4j.create(values, new long[] {n, 3, 150, 150}, 'c');
  }

  @Test
  void facerecFromBroadcastableBytesMatchesLoadingTheCacheDirectly() throws Exception {
    ModelCache cache = TestData.models();
    EmbedderSource source = FaceEmbedders.source(ModelSpec.parse("facerec"), TestTimeAugmentation.NONE, cache);
    long filesOnDisk;
    try (Stream<Path> files = Files.list(cache.modelDir())) {
      filesOnDisk = files.filter(f -> f.getFileName().toString().startsWith("face_recognition_model"))
          .mapToLong(f -> f.toFile().length()).sum();
    }

    assertThat(source.sizeBytes()).as("manifest + shards, read once").isEqualTo(filesOnDisk);
    try (FaceEmbedder fromBytes = roundTrip(source).open();
         FaceEmbedder fromFiles = FaceRecEmbedder.load(cache.modelDir())) {
      assertThat(fromBytes.modelName()).isEqualTo("facerec");
      assertThat(fromBytes.dimension()).isEqualTo(128);
      assertThat(fromBytes.modelVersion()).isEqualTo(fromFiles.modelVersion());
      assertThat(fromBytes.embed(crops(2))).as("executor copy == direct load").isDeepEqualTo(fromFiles.embed(crops(2)));
    }
  }

  @Test
  void flipTtaWrapsTheEmbedderAndMarksTheVersion() {
    EmbedderSource source = FaceEmbedders.source(ModelSpec.facerec(), TestTimeAugmentation.parse("flip"),
        TestData.models());

    try (FaceEmbedder plain = FaceEmbedders.source(ModelSpec.facerec(), TestTimeAugmentation.NONE, TestData.models()).open();
         FaceEmbedder flipped = source.open()) {
      assertThat(flipped).isInstanceOf(FlipAveragingEmbedder.class);
      assertThat(flipped.modelVersion()).isEqualTo(plain.modelVersion() + FlipAveragingEmbedder.VERSION_SUFFIX);
      assertThat(flipped.embed(crops(1))[0]).as("flip changes the embedding").isNotEqualTo(plain.embed(crops(1))[0]);
      assertThat(source.describe()).contains("FLIP");
    }
  }

  @Test
  void facerecWithoutAFilledCacheSaysToFetch(@TempDir Path empty) {
    assertThatThrownBy(() -> FaceEmbedders.source(ModelSpec.facerec(), TestTimeAugmentation.NONE, ModelCache.at(empty)))
        .hasMessageContaining(empty.toString()).hasMessageContaining(ModelCache.FETCH_COMMAND);
  }

  @Test
  void ttaParsing() {
    assertThat(TestTimeAugmentation.parse(null)).isEqualTo(TestTimeAugmentation.NONE);
    assertThat(TestTimeAugmentation.parse("Flip")).isEqualTo(TestTimeAugmentation.FLIP);
    assertThatThrownBy(() -> TestTimeAugmentation.parse("rotate")).hasMessageContaining("use none or flip");
  }

  private static EmbedderSource roundTrip(EmbedderSource source) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(source);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (EmbedderSource) in.readObject();
    }
  }
}
