package io.facespark.core.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceDecoderTest {

  private static final int SIZE = 128;

  @Test
  void boxAndKeypointsAreAnchorRelativeInputPixels() {
    float[] anchors = {0.25f, 0.75f, 0.5f, 0.5f};
    BlazeFaceDecoder decoder = new BlazeFaceDecoder(SIZE, anchors);
    float[] regressors = new float[2 * BlazeFaceDecoder.REGRESSORS];
    int r = BlazeFaceDecoder.REGRESSORS; // the second anchor, centre (64, 64) px
    regressors[r] = 12.8f;      // centre x +0.1
    regressors[r + 1] = -6.4f;  // centre y -0.05
    regressors[r + 2] = 32f;    // w 0.25
    regressors[r + 3] = 64f;    // h 0.5
    regressors[r + 4] = -16f;   // first keypoint x -0.125
    regressors[r + 15] = 8f;    // last keypoint y +0.0625
    List<FaceCandidate> faces = decoder.decode(regressors, new float[] {-5f, 2f}, 0.5);

    assertThat(faces).as("sigmoid(-5) = 0.0067 is below 0.5, sigmoid(2) = 0.881 above").hasSize(1);
    FaceCandidate face = faces.get(0);
    assertThat(face.score()).isCloseTo(0.8808f, within(1e-4f));
    assertThat(face.cx()).isCloseTo(0.6f, within(1e-6f));
    assertThat(face.cy()).isCloseTo(0.45f, within(1e-6f));
    assertThat(face.w()).isCloseTo(0.25f, within(1e-6f));
    assertThat(face.h()).isCloseTo(0.5f, within(1e-6f));
    assertThat(face.keypoints()[0]).isCloseTo(0.375f, within(1e-6f));
    assertThat(face.keypoints()[1]).as("a zero offset sits on the anchor").isCloseTo(0.5f, within(1e-6f));
    assertThat(face.keypoints()[11]).isCloseTo(0.5625f, within(1e-6f));
  }

  @Test
  void hugeLogitsAreClippedNotNaN() {
    BlazeFaceDecoder decoder = new BlazeFaceDecoder(SIZE, new float[] {0.5f, 0.5f, 0.5f, 0.5f});
    List<FaceCandidate> faces = decoder.decode(new float[2 * BlazeFaceDecoder.REGRESSORS], new float[] {1e30f, -1e30f}, 0);
    assertThat(faces).extracting(FaceCandidate::score).containsExactly(1f, (float) (1 / (1 + Math.exp(100))));
  }

  @Test
  void wrongOutputSizesAreRefusedWithBothCounts() {
    BlazeFaceDecoder decoder = new BlazeFaceDecoder(SIZE, new float[] {0.5f, 0.5f});
    assertThatThrownBy(() -> decoder.decode(new float[15], new float[1], 0.5))
        .hasMessageContaining("expected 1 logits and 16 regressors, got 1 and 15");
  }
}
