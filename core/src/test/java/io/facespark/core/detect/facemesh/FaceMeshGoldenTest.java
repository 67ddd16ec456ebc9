package io.facespark.core.detect.facemesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.image.RgbImages;
import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelPackage;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DL4J port of FaceMesh against TF.js running the same graph on its pure-JS CPU backend
 * ({@code core/src/test/golden/generate-facemesh.js}), on four real LFW crops: every mesh
 * coordinate and the face flag.
 */
class FaceMeshGoldenTest {

  /** Max abs difference of a mesh coordinate, in 192-px input pixels (the fixture keeps 4 decimals). */
  static final double MESH_BOUND = 2e-3;
  static final double FLAG_BOUND = 1e-4;

  private static FaceMeshNet net;
  private static JsonNode fixture;
  private static Path dir;

  @BeforeAll
  static void load() throws Exception {
    net = FaceMeshNet.fromFiles(FaceMeshNet.files(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)));
    var url = FaceMeshGoldenTest.class.getResource("/golden/facemesh/facemesh-golden.json");
    assertThat(url).as("golden fixture golden/facemesh/facemesh-golden.json in test resources").isNotNull();
    dir = Paths.get(url.toURI()).getParent();
    fixture = new ObjectMapper().readTree(dir.resolve("facemesh-golden.json").toFile());
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void fixtureWasMadeFromTheTrustedModelFiles() {
    var trusted = ModelCache.expectedChecksums(ModelPackage.HUMAN_MODELS);
    assertThat(fixture.get("jsonSha256").asText()).isEqualTo(trusted.get("models/facemesh.json"));
    assertThat(fixture.get("binSha256").asText()).isEqualTo(trusted.get("models/facemesh.bin"));
    assertThat(fixture.get("crops")).as("reference crops").hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void meshAndFaceFlagMatchTfjs() {
    double worst = 0;
    for (JsonNode crop : fixture.get("crops")) {
      String png = crop.get("png").asText();
      FaceMeshNet.Output out = net.predict(RgbImages.read(dir.resolve(png)));
      JsonNode expected = crop.get("mesh");
      assertThat(out.mesh()).as(png + " mesh values").hasSize(expected.size()).hasSize(3 * FaceMeshNet.POINTS);
      for (int i = 0; i < expected.size(); i++) {
        double diff = Math.abs(out.mesh()[i] - expected.get(i).asDouble());
        worst = Math.max(worst, diff);
        assertThat(diff).as("%s mesh value %d (point %d): %s against %s", png, i, i / 3, out.mesh()[i], expected.get(i))
            .isLessThanOrEqualTo(MESH_BOUND);
      }
      assertThat((double) out.faceFlag()).as(png + " face flag")
          .isCloseTo(crop.get("faceflag").asDouble(), org.assertj.core.data.Offset.offset(FLAG_BOUND));
    }
    System.out.printf("FaceMesh DL4J vs TF.js: worst mesh coordinate difference %.2e px%n", worst);
  }
}
