package io.facespark.core.model.mobilefacenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.image.RgbImages;
import io.facespark.core.model.MobileFaceNetModelBytes;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.model.tfjs.TfjsGraphModel;
import io.facespark.testing.TestData;
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
 * The DL4J port of MobileFaceNet against TF.js running the same graph
 * ({@code core/src/test/golden/generate-mobilefacenet.js}): first the graph exactly as shipped
 * (proves the op-by-op port), then the repaired graph against the same repair applied to the JS
 * graph, then that the two conversion faults are real: as shipped the net maps different people to
 * the same vector; repaired it separates them.
 */
class MobileFaceNetGoldenTest {

  /** Max abs difference per component of the unit-length output. */
  static final double BOUND = 1e-4;

  private static MobileFaceNetModelBytes bytes;
  private static MobileFaceNetEmbedder literal;
  private static MobileFaceNetEmbedder repaired;
  private static List<Golden> goldens;
  private static JsonNode fixture;

  record Golden(String id, INDArray pixels, float[] literal, float[] repaired) {
  }

  @BeforeAll
  static void load() throws Exception {
    bytes = MobileFaceNetModelBytes.read(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS));
    literal = MobileFaceNetEmbedder.literal(bytes.modelJson(), bytes.shards());
    repaired = MobileFaceNetEmbedder.repaired(bytes.modelJson(), bytes.shards());
    Path dir = goldenDir();
    fixture = new ObjectMapper().readTree(dir.resolve("mobilefacenet-embeddings.json").toFile());
    goldens = new ArrayList<>();
    for (JsonNode entry : fixture.get("entries")) {
      goldens.add(new Golden(entry.get("id").asText(), RgbImages.read(dir.resolve(entry.get("png").asText())),
          floats(entry.get("literal")), floats(entry.get("repaired"))));
    }
  }

  @AfterAll
  static void close() {
    literal.close();
    repaired.close();
  }

  @Test
  void fixtureWasMadeFromTheCachedModel() throws Exception {
    Path models = TestData.models().packageDir(ModelPackage.HUMAN_MODELS).resolve("models");
    assertThat(fixture.get("weightsSha256").asText()).isEqualTo(sha256(models.resolve("mobilefacenet.bin")));
    assertThat(fixture.get("modelJsonSha256").asText()).isEqualTo(sha256(models.resolve("mobilefacenet.json")));
    assertThat(goldens).as("reference inputs").hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void literalGraphMatchesTfjsOneAtATimeAndInOneBatch() {
    assertMatches(literal, true);
  }

  @Test
  void repairedGraphMatchesTheSameRepairInTfjs() {
    assertMatches(repaired, false);
  }

  @Test
  void faultsAreRealAsShippedEveryoneLooksAlikeRepairedTheyDoNot() {
    INDArray batch = Nd4j.concat(0, goldens.stream().map(Golden::pixels).toArray(INDArray[]::new));
    float[][] asShipped = literal.embed(batch);
    float[][] fixed = repaired.embed(batch);
    double literalWorst = 1;
    double repairedBestImpostor = -1;
    for (int i = 0; i < goldens.size(); i++) {
      for (int j = i + 1; j < goldens.size(); j++) {
        if (person(i).equals(person(j))) {
          continue;
        }
        literalWorst = Math.min(literalWorst, dot(asShipped[i], asShipped[j]));
        repairedBestImpostor = Math.max(repairedBestImpostor, dot(fixed[i], fixed[j]));
      }
    }
    double bush = dot(fixed[0], fixed[1]);
    double powell = dot(fixed[2], fixed[3]);
    System.out.printf("different people: literal min cosine %.4f, repaired max cosine %.3f; repaired same person"
        + " %.3f (Bush), %.3f (Powell)%n", literalWorst, repairedBestImpostor, bush, powell);
    assertThat(literalWorst).as("as shipped, the lowest cosine between different people").isGreaterThan(0.99);
    assertThat(repairedBestImpostor).as("repaired, the highest cosine between different people").isLessThan(0.5);
    assertThat(Math.min(bush, powell)).as("repaired, same person beats every impostor").isGreaterThan(repairedBestImpostor);
  }

  @Test
  void versionsNameTheRepairAndTheWeights() {
    assertThat(repaired.modelVersion()).matches("mobilefacenet-3\\.0\\.4-prelufix-[0-9a-f]{12}");
    assertThat(literal.modelVersion()).isEqualTo(repaired.modelVersion().replace("-prelufix-", "-literal-"));
    assertThat(repaired.dimension()).isEqualTo(192);
    assertThat(repaired.inputSpec().height()).isEqualTo(112);
  }

  @Test
  void repairRefusesAGraphThatIsNotTheShippedOne() {
    TfjsGraphModel once = MobileFaceNetRepair.repair(TfjsGraphModel.read("mobilefacenet.json", bytes.modelJson(), bytes.shards()));
    assertThatThrownBy(() -> MobileFaceNetRepair.repair(once))
        .hasMessageContaining("expected 16 depthwise layers with a fused Relu").hasMessageContaining("found 0");
  }

  @Test
  void wrongChipSizeIsAOneLineErrorNamingTheExpectedShape() {
    INDArray chip150 = Nd4j.zeros(1, 3, 150, 150);
    assertThatThrownBy(() -> repaired.embed(chip150))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 3, 150, 150]").hasMessageContaining("112x112")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static void assertMatches(MobileFaceNetEmbedder embedder, boolean literalGraph) {
    double worst = 0;
    for (int i = 0; i < goldens.size(); i++) {
      double diff = maxAbsDiff(embedder.embed(goldens.get(i).pixels())[0], expected(i, literalGraph));
      assertThat(diff).as("%s, batch 1", goldens.get(i).id()).isLessThanOrEqualTo(BOUND);
      worst = Math.max(worst, diff);
    }
    INDArray batch = Nd4j.concat(0, goldens.stream().map(Golden::pixels).toArray(INDArray[]::new));
    float[][] rows = embedder.embed(batch);
    for (int i = 0; i < goldens.size(); i++) {
      double diff = maxAbsDiff(rows[i], expected(i, literalGraph));
      assertThat(diff).as("%s, batch row %d", goldens.get(i).id(), i).isLessThanOrEqualTo(BOUND);
      worst = Math.max(worst, diff);
    }
    System.out.printf("mobilefacenet %s golden worst max-abs-diff %.3e%n", literalGraph ? "literal" : "repaired", worst);
  }

  private static float[] expected(int i, boolean literalGraph) {
    return literalGraph ? goldens.get(i).literal() : goldens.get(i).repaired();
  }

  private static String person(int i) {
    String id = goldens.get(i).id();
    return id.substring(0, id.lastIndexOf('_'));
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double maxAbsDiff(float[] actual, float[] expected) {
    assertThat(actual).as("embedding length").hasSize(expected.length);
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
    }
    return max;
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static Path goldenDir() throws URISyntaxException {
    var url = MobileFaceNetGoldenTest.class.getResource("/golden/mobilefacenet-embeddings.json");
    if (url == null) {
      throw new IllegalStateException("golden fixture missing from test resources: golden/mobilefacenet-embeddings.json");
    }
    return Paths.get(url.toURI()).getParent();
  }
}
