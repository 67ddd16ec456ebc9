package io.facespark.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.image.RejectedImageException.Stage;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding pipeline with the default detect stage and the facerec net: images detected in
 * groups (batch size 32) give the same rows as image by image (batch size 1, groups of one):
 * same faces, boxes, rejects and embeddings, on the demo photos, LFW images, an unreadable and an
 * undecodable input.
 */
class BatchedPreprocessingTest {

  private static LandmarkedFaceLocator stage;
  private static FaceEmbedder embedder;
  private static List<EncodedImage> inputs;

  @BeforeAll
  static void load() throws IOException {
    stage = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null,
        SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, true).open();
    embedder = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE);
    inputs = new ArrayList<>();
    Path demo = TestData.models().demoDir();
    for (String name : List.of("sample1.jpg", "sample2.jpg")) {
      inputs.add(EncodedImage.read(name, null, Files.readAllBytes(demo.resolve(name))));
    }
    inputs.add(EncodedImage.unreadable("gone.jpg", null, "file vanished"));
    inputs.add(EncodedImage.read("text.jpg", null, "not an image".getBytes(StandardCharsets.UTF_8)));
    for (Path file : DetectionSets.lfwSample(12)) {
      inputs.add(EncodedImage.read(file.getFileName().toString(), null, Files.readAllBytes(file)));
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (stage != null) {
      stage.close();
    }
    if (embedder != null) {
      embedder.close();
    }
  }

  @Test
  void groupsGiveTheSameRowsAsOneByOne() {
    Map<String, PipelineRow> grouped = rows(32);
    Map<String, PipelineRow> single = rows(1);
    assertThat(grouped.keySet()).containsExactlyInAnyOrderElementsOf(single.keySet());
    assertThat(grouped).containsKeys("sample1.jpg#0", "sample1.jpg#1", "sample1.jpg#2")
        .doesNotContainKey("sample1.jpg#3");
    assertThat(((PipelineRow.Reject) grouped.get("gone.jpg")).stage()).isEqualTo(Stage.READ.columnValue());
    assertThat(((PipelineRow.Reject) grouped.get("text.jpg")).stage()).isEqualTo(Stage.DECODE.columnValue());
    single.forEach((key, one) -> {
      PipelineRow row = grouped.get(key);
      assertThat(row).as(key).hasSameClassAs(one);
      if (one instanceof PipelineRow.Face a && row instanceof PipelineRow.Face b) {
        assertThat(b.location().x()).as(key + " x").isCloseTo(a.location().x(), within(1e-3f));
        assertThat(b.location().y()).as(key + " y").isCloseTo(a.location().y(), within(1e-3f));
        assertThat(b.location().w()).as(key + " w").isCloseTo(a.location().w(), within(1e-3f));
        assertThat(b.location().h()).as(key + " h").isCloseTo(a.location().h(), within(1e-3f));
        double cosine = 0;
        for (int i = 0; i < a.embedding().length; i++) {
          cosine += a.embedding()[i] * b.embedding()[i];
        }
        assertThat(cosine).as(key + " cosine of the two embeddings").isGreaterThan(0.9999);
      } else {
        assertThat(((PipelineRow.Reject) row).reason()).as(key).isEqualTo(((PipelineRow.Reject) one).reason());
      }
    });
  }

  /** Every row of one pipeline run, keyed by path and (for faces) face index. */
  private static Map<String, PipelineRow> rows(int batchSize) {
    Preprocessor preprocessor = new Preprocessor(new ImageDecoder(), stage, Aligner.dlib(), embedder.chipSpecs());
    EmbeddingPipeline pipeline = new EmbeddingPipeline(inputs.iterator(), preprocessor, embedder, batchSize);
    Map<String, PipelineRow> rows = new LinkedHashMap<>();
    pipeline.forEachRemaining(row -> rows.put(row instanceof PipelineRow.Face face
        ? row.path() + "#" + face.faceIndex() : row.path(), row));
    return rows;
  }
}
