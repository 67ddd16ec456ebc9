package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.detect.blazeface.BlazeFaceAnchors;
import io.facespark.core.detect.blazeface.BlazeFaceDecoder;
import io.facespark.core.detect.blazeface.FaceCandidate;
import io.facespark.core.detect.blazeface.WeightedNonMaxSuppression;
import io.facespark.core.image.RgbImages;
import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DL4J port of blazeface-back against TF.js (pure-JS CPU backend) on the same input pixels
 * ({@code core/src/test/golden/generate-blazeface.js}): every anchor's logit, the regressors of
 * the anchors the reference scored >= 0.1, and the faces after decoding and weighted NMS (same
 * count, box IoU >= 0.9, score within 0.02).
 */
class BlazeFaceGoldenTest {

  private static JsonNode model;
  private static Path dir;
  private static BlazeFaceNet net;

  @BeforeAll
  static void load() throws Exception {
    dir = Paths.get(BlazeFaceGoldenTest.class.getResource("/golden/blazeface/blazeface-golden.json").toURI()).getParent();
    model = new ObjectMapper().readTree(dir.resolve("blazeface-golden.json").toFile()).get("models").get(0);
    Path packageDir = ModelCache.locate().requireVerified(ModelPackage.HUMAN_MODELS);
    net = BlazeFaceNet.load(packageDir);
  }

  @AfterAll
  static void close() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void theFixtureIsOfTheCachedWeights() throws Exception {
    Path bin = ModelCache.locate().requireVerified(ModelPackage.HUMAN_MODELS).resolve("models/blazeface-back.bin");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bin)));
    assertThat(model.get("name").asText()).isEqualTo("blazeface-back");
    assertThat(sha).isEqualTo(model.get("binSha256").asText());
  }

  @Test
  void rawHeadsMatchTheReference() {
    for (JsonNode image : model.get("images")) {
      float[][] head = net.rawHead(input(image));
      JsonNode logits = image.get("logits");
      assertThat(head[0]).hasSize(logits.size());
      double worst = 0;
      for (int i = 0; i < logits.size(); i++) {
        worst = Math.max(worst, Math.abs(head[0][i] - logits.get(i).asDouble()));
      }
      assertThat(worst).as("max |logit - reference| on %s", image.get("id").asText()).isLessThan(2e-3);
      var fields = image.get("regressors").fields();
      int checked = 0;
      while (fields.hasNext()) {
        var entry = fields.next();
        int anchor = Integer.parseInt(entry.getKey());
        for (int r = 0; r < BlazeFaceDecoder.REGRESSORS; r++) {
          assertThat((double) head[1][anchor * BlazeFaceDecoder.REGRESSORS + r])
              .as("%s anchor %d regressor %d", image.get("id").asText(), anchor, r)
              .isCloseTo(entry.getValue().get(r).asDouble(), org.assertj.core.api.Assertions.within(0.01));
        }
        checked++;
      }
      assertThat(checked).as("anchors with a face-like score in %s", image.get("id").asText()).isPositive();
    }
  }

  @Test
  void facesMatchTheReference() {
    int size = model.get("size").asInt();
    BlazeFaceDecoder decoder = new BlazeFaceDecoder(size, BlazeFaceAnchors.centres(size, new int[] {16, 32, 32, 32}, 2));
    for (JsonNode image : model.get("images")) {
      float[][] head = net.rawHead(input(image));
      List<FaceCandidate> faces = WeightedNonMaxSuppression.apply(
          decoder.decode(head[1], head[0], model.get("minScore").asDouble()), BlazeFaceDetector.IOU_THRESHOLD);
      JsonNode expected = image.get("faces");
      assertThat(faces).as("faces in %s", image.get("id").asText()).hasSize(expected.size());
      for (int i = 0; i < faces.size(); i++) {
        JsonNode e = expected.get(i);
        FaceCandidate f = faces.get(i);
        FaceCandidate reference = new FaceCandidate((float) e.get("score").asDouble(), (float) e.get("box").get(0).asDouble(),
            (float) e.get("box").get(1).asDouble(), (float) e.get("box").get(2).asDouble(),
            (float) e.get("box").get(3).asDouble(), new float[2 * FaceCandidate.KEYPOINTS]);
        assertThat(Math.abs(f.score() - reference.score())).as("score difference").isLessThanOrEqualTo(0.02f);
        assertThat(DetectFixture.iou(f.cx() - f.w() / 2, f.cy() - f.h() / 2, f.w(), f.h(),
            reference.cx() - reference.w() / 2, reference.cy() - reference.h() / 2, reference.w(), reference.h()))
            .as("box IoU with the reference, %s face %d", image.get("id").asText(), i).isGreaterThanOrEqualTo(0.9);
      }
    }
  }

  /** The reference's input PNG, scaled as the net expects. */
  private static INDArray input(JsonNode image) {
    return RgbImages.read(dir.resolve(image.get("png").asText())).divi(127.5).subi(1);
  }
}
