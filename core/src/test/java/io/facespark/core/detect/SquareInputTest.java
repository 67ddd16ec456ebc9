package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The TF.js input preparation on tiny images whose expected values are worked out by hand. */
class SquareInputTest {

  /** A 2-wide, 1-high BGR image: pixel 0 is R=100, pixel 1 is R=200 (G, B zero). */
  static Mat twoPixels() {
    Mat image = new Mat(1, 2, opencv_core.CV_8UC3);
    image.data().put(new byte[] {0, 0, 100, 0, 0, (byte) 200});
    return image;
  }

  @Test
  void padsAtTheEndAndResizesWithoutHalfPixelCentres() {
    // Padded to 2x2: row 0 = [100, 200], row 1 = zeros. Resized to 4x4, sample (r, c) reads source
    // (r / 2, c / 2): row 0 = 100, 150, 200, 200; row 1 = half of that; rows 2-3 zero.
    float[] out = SquareInput.sample(twoPixels(), 0, 0, 2, 1, SquareInput.Padding.END, 4);
    assertThat(java.util.Arrays.copyOfRange(out, 0, 16)).containsExactly(
        100, 150, 200, 200, 50, 75, 100, 100, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(java.util.Arrays.copyOfRange(out, 16, 48)).as("G and B planes").containsOnly(0f);
  }

  @Test
  void centredPaddingPutsTheRoundedHalfAfter() {
    // A 1-pixel difference: round(0.5) = 1 row appended, none prepended (TF.js padToSquare).
    float[] out = SquareInput.sample(twoPixels(), 0, 0, 2, 1, SquareInput.Padding.CENTRED, 2);
    assertThat(java.util.Arrays.copyOfRange(out, 0, 4)).containsExactly(100, 200, 0, 0);
  }

  @Test
  void rejectsRegionsOutsideTheImage() {
    assertThatThrownBy(() -> SquareInput.sample(twoPixels(), 1, 0, 2, 1, SquareInput.Padding.END, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
  }
}
