package io.facespark.core.model.facerec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.image.RgbImages;
import io.facespark.testing.TestData;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J port against face-api.js itself: the fixture holds 150x150 RGB crops (PNG, lossless) of
 * LFW and of the package's demo photos, and the raw 128-d outputs TF.js's CPU backend computed for
 * them ({@code core/src/test/golden/generate.js}). Every output must match within 1e-4.
 */
class FaceRecGoldenTest {

  /** Max abs difference allowed per embedding component (raw, pre-normalisation). */
  static final double BOUND = 1e-4;

  private static FaceRecEmbedder embedder;
  private static List<Golden> goldens;

  record Golden(String id, INDArray pixels, float[] expected) {
  }

  @BeforeAll
  static void load() throws Exception {
    embedder = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir());
    goldens = readFixture();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  static List<Golden> readFixture() throws Exception {
    Path dir = goldenDir();
    JsonNode fixture = new ObjectMapper().readTree(dir.resolve("facerec-embeddings.json").toFile());
    List<Golden> list = new ArrayList<>();
    for (JsonNode entry : fixture.get("entries")) {
      JsonNode values = entry.get("embedding");
      float[] expected = new float[values.size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) values.get(i).asDouble();
      }
      list.add(new Golden(entry.get("id").asText(), RgbImages.read(dir.resolve(entry.get("png").asText())), expected));
    }
    return list;
  }

  static Path goldenDir() throws URISyntaxException {
    var url = FaceRecGoldenTest.class.getResource("/golden/facerec-embeddings.json");
    if (url == null) {
      throw new IllegalStateException("golden fixture missing from test resources: golden/facerec-embeddings.json");
    }
    return Paths.get(url.toURI()).getParent();
  }

  @Test
  void fixtureWasMadeFromTheCachedWeights() throws Exception {
    JsonNode fixture = new ObjectMapper().readTree(goldenDir().resolve("facerec-embeddings.json").toFile());
    byte[] weights = Files.readAllBytes(TestData.models().modelDir().resolve("face_recognition_model.bin"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
    assertThat(fixture.get("weightsSha256").asText()).as("weights the fixture was generated with").isEqualTo(sha);
    assertThat(goldens).as("reference inputs").hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void everyRawEmbeddingMatchesTheReferenceOneAtATime() {
    double worst = 0;
    for (Golden golden : goldens) {
      float[] actual = embedder.embedUnnormalised(golden.pixels())[0];
      double diff = maxAbsDiff(actual, golden.expected());
      System.out.printf("golden %-28s max-abs-diff %.3e%n", golden.id(), diff);
      assertThat(diff).as("max abs diff of %s's raw embedding vs face-api.js", golden.id()).isLessThanOrEqualTo(BOUND);
      worst = Math.max(worst, diff);
    }
    System.out.printf("golden worst max-abs-diff (batch 1): %.3e%n", worst);
  }

  @Test
  void everyRawEmbeddingMatchesTheReferenceInOneBatch() {
    INDArray batch = Nd4j.concat(0, goldens.stream().map(Golden::pixels).toArray(INDArray[]::new));
    float[][] actual = embedder.embedUnnormalised(batch);
    double worst = 0;
    for (int i = 0; i < goldens.size(); i++) {
      double diff = maxAbsDiff(actual[i], goldens.get(i).expected());
      assertThat(diff).as("max abs diff of %s (batch row %d)", goldens.get(i).id(), i).isLessThanOrEqualTo(BOUND);
      worst = Math.max(worst, diff);
    }
    System.out.printf("golden worst max-abs-diff (batch %d): %.3e%n", goldens.size(), worst);
  }

  @Test
  void embedReturnsTheUnitLengthDirectionOfTheRawOutput() {
    Golden golden = goldens.get(0);
    float[] raw = embedder.embedUnnormalised(golden.pixels())[0];
    float[] unit = embedder.embed(golden.pixels())[0];
    double norm = 0;
    double rawNorm = 0;
    for (int i = 0; i < unit.length; i++) {
      norm += unit[i] * unit[i];
      rawNorm += raw[i] * raw[i];
    }
    assertThat(unit).as("dimension").hasSize(128);
    assertThat(Math.sqrt(norm)).as("L2 norm of embed()").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(rawNorm).as("raw output is not already unit length (else the check above proves nothing)")
        .isGreaterThan(1.5);
    for (int i = 0; i < unit.length; i++) {
      assertThat((double) unit[i]).as("component %d", i)
          .isCloseTo(raw[i] / Math.sqrt(rawNorm), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  static double maxAbsDiff(float[] actual, float[] expected) {
    assertThat(actual).as("embedding length").hasSize(expected.length);
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
    }
    return max;
  }
}
