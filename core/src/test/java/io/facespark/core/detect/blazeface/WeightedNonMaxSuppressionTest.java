package io.facespark.core.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedNonMaxSuppressionTest {

  private static FaceCandidate box(float score, float cx, float cy, float side, float keypoint) {
    float[] keypoints = new float[2 * FaceCandidate.KEYPOINTS];
    java.util.Arrays.fill(keypoints, keypoint);
    return new FaceCandidate(score, cx, cy, side, side, keypoints);
  }

  @Test
  void overlappingCandidatesBlendByScoreAndKeepTheBestScore() {
    // IoU of two 0.2-side boxes shifted by 0.02: 0.18*0.2 / (0.08 - 0.036) = 0.818 > 0.3.
    FaceCandidate a = box(0.9f, 0.50f, 0.5f, 0.2f, 0.1f);
    FaceCandidate b = box(0.6f, 0.52f, 0.5f, 0.2f, 0.4f);
    List<FaceCandidate> faces = WeightedNonMaxSuppression.apply(List.of(b, a), 0.3);

    assertThat(faces).hasSize(1);
    FaceCandidate face = faces.get(0);
    assertThat(face.score()).isEqualTo(0.9f);
    assertThat(face.cx()).as("(0.9 * 0.50 + 0.6 * 0.52) / 1.5").isCloseTo(0.508f, within(1e-6f));
    assertThat(face.w()).isCloseTo(0.2f, within(1e-6f));
    assertThat(face.keypoints()[3]).as("(0.9 * 0.1 + 0.6 * 0.4) / 1.5").isCloseTo(0.22f, within(1e-6f));
  }

  @Test
  void separateFacesStaySeparateBestFirst() {
    FaceCandidate left = box(0.7f, 0.2f, 0.5f, 0.2f, 0f);
    FaceCandidate right = box(0.95f, 0.8f, 0.5f, 0.2f, 0f);
    // IoU exactly 0 and a weak overlap below the threshold: neither suppresses.
    FaceCandidate nearRight = box(0.5f, 0.95f, 0.5f, 0.2f, 0f); // IoU 0.05*0.2/(0.08-0.01) = 0.143
    List<FaceCandidate> faces = WeightedNonMaxSuppression.apply(List.of(left, nearRight, right), 0.3);
    assertThat(faces).extracting(FaceCandidate::score).containsExactly(0.95f, 0.7f, 0.5f);
    assertThat(faces.get(0).cx()).as("an unclustered box is unchanged").isEqualTo(0.8f);
  }

  @Test
  void noCandidatesGiveNoFaces() {
    assertThat(WeightedNonMaxSuppression.apply(List.of(), 0.3)).isEmpty();
  }
}
