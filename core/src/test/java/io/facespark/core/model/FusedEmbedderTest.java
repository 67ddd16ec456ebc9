package io.facespark.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.FixedFaceBox;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * facerec + mobilefacenet fused, on real LFW faces: each member gets its own chip from the same
 * landmarks, the fused cosine is the mean of the members' cosines, and misuse fails in one line.
 */
class FusedEmbedderTest {

  private static FaceEmbedder fused;
  private static FaceEmbedder facerec;
  private static FaceEmbedder mobilefacenet;
  private static List<Preprocessor.Chip> chips;

  @BeforeAll
  static void load() throws Exception {
    fused = FaceEmbedders.open(ModelSpec.parse("facerec,mobilefacenet"), TestTimeAugmentation.NONE);
    facerec = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE);
    mobilefacenet = FaceEmbedders.open(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.NONE);
    chips = new ArrayList<>();
    try (LandmarkedFaceLocator locator = DetectorSource.fixedBox(TestData.models().requireVerifiedModelDir(),
        FixedFaceBox.LFW_DEEPFUNNELED).open()) {
      Preprocessor preprocessor = new Preprocessor(new ImageDecoder(), locator, Aligner.dlib(), fused.chipSpecs());
      for (String[] image : new String[][] {{"George_W_Bush", "1"}, {"George_W_Bush", "2"}, {"Colin_Powell", "1"}}) {
        chips.add(preprocessor.prepare(Files.readAllBytes(TestData.lfwImage(image[0], Integer.parseInt(image[1])))).get(0));
      }
    }
  }

  @AfterAll
  static void close() {
    fused.close();
    facerec.close();
    mobilefacenet.close();
  }

  @Test
  void eachMemberGetsItsOwnChipAndTheFusedCosineIsTheMeanOfTheMembers() {
    assertThat(fused.chipSpecs()).containsExactly(facerec.inputSpec(), mobilefacenet.inputSpec());
    assertThat(chips.get(0).chips().get(0).shape()).containsExactly(1, 3, 150, 150);
    assertThat(chips.get(0).chips().get(1).shape()).containsExactly(1, 3, 112, 112);

    float[][] f = fused.embedChips(List.of(stack(0), stack(1)));
    float[][] a = facerec.embed(stack(0));
    float[][] b = mobilefacenet.embed(stack(1));

    assertThat(f[0]).hasSize(128 + 192);
    for (int i = 0; i < f.length; i++) {
      assertThat(dot(f[i], f[i])).as("unit length").isCloseTo(1.0, within(1e-5));
      for (int j = i + 1; j < f.length; j++) {
        double mean = (dot(a[i], a[j]) + dot(b[i], b[j])) / 2;
        assertThat(dot(f[i], f[j])).as("fused cosine of faces %d and %d", i, j).isCloseTo(mean, within(1e-5));
      }
    }
    assertThat(dot(f[0], f[1])).as("Bush-Bush above Bush-Powell").isGreaterThan(dot(f[0], f[2]));
  }

  @Test
  void versionAndNameNameBothMembers() {
    assertThat(fused.modelName()).isEqualTo("facerec,mobilefacenet");
    assertThat(fused.modelVersion()).isEqualTo("fusion(" + facerec.modelVersion() + "," + mobilefacenet.modelVersion() + ")");
    assertThat(fused.dimension()).isEqualTo(320);
  }

  @Test
  void aSingleChipCannotFeedAFusionOfDifferentChips() {
    assertThatThrownBy(() -> fused.embed(stack(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("facerec: 150x150 DLIB").hasMessageContaining("mobilefacenet: 112x112 ARCFACE")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> fused.embedChips(List.of(stack(0))))
        .hasMessageContaining("needs 2 chips per face").hasMessageContaining("got 1");
  }

  private static INDArray stack(int member) {
    return Nd4j.concat(0, chips.stream().map(c -> c.chips().get(member)).toArray(INDArray[]::new));
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
