package io.facespark.core.model.facerec;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.model.FlipAveragingEmbedder;
import io.facespark.testing.TestData;
import io.facespark.core.protocol.LfwPairs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LFW View 1 development test split ({@code pairsDevTest.txt}, 500 same + 500 different pairs)
 * with the default crop (chosen on {@code pairsDevTrain.txt} only): verification accuracy at the
 * best cosine threshold, plain and with flip test-time augmentation. A few minutes on 2 cores,
 * hence a failsafe IT: {@code ./mvnw -pl core verify -Dit.test=LfwView1AccuracyIT}.
 */
class LfwView1AccuracyIT {

  static final double REQUIRED = 0.95;

  @Test
  void defaultCropVerifiesView1DevTestPairs() {
    List<LfwPairs.Pair> test = Verification.view1("pairsDevTest.txt");
    assertThat(test).as("View 1 test pairs").hasSize(1000);
    FaceCrop crop = FaceCrop.lfwDeepFunneled();
    try (FaceRecEmbedder embedder = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir())) {
      Map<LfwPairs.Image, float[]> plain = LfwEmbeddings.embed(Verification.images(test), crop, embedder);
      Verification.Result plainResult = Verification.bestThreshold(test, plain);
      System.out.println("LFW View 1 pairsDevTest, " + crop + ", plain: " + plainResult);

      Map<LfwPairs.Image, float[]> flipped = LfwEmbeddings.embed(Verification.images(test), crop, new FlipAveragingEmbedder(embedder));
      Verification.Result flipResult = Verification.bestThreshold(test, flipped);
      System.out.println("LFW View 1 pairsDevTest, " + crop + ", flip TTA: " + flipResult);

      assertThat(plainResult.accuracy()).as("plain accuracy at best threshold (%s)", plainResult).isGreaterThanOrEqualTo(REQUIRED);
      assertThat(flipResult.accuracy()).as("flip TTA accuracy at best threshold (%s)", flipResult).isGreaterThanOrEqualTo(REQUIRED);
    }
  }
}
