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
  void equalsTheDirectFormulaExactly() {
    // Random pixels; regions wide and tall, shrunk and enlarged, both paddings, at an offset.
    java.util.Random random = new java.util.Random(16);
    Mat image = new Mat(90, 70, opencv_core.CV_8UC3);
    byte[] bytes = new byte[90 * 70 * 3];
    random.nextBytes(bytes);
    image.data().put(bytes);
    int[][] regions = {{0, 0, 70, 90}, {5, 7, 61, 23}, {3, 2, 17, 80}, {0, 0, 1, 1}, {10, 20, 33, 33}};
    for (int[] r : regions) {
      for (SquareInput.Padding padding : SquareInput.Padding.values()) {
        for (int size : new int[] {16, 37, 112, 256}) {
          assertThat(SquareInput.sample(image, r[0], r[1], r[2], r[3], padding, size))
              .as("region %s, %s, size %d", java.util.Arrays.toString(r), padding, size)
              .containsExactly(direct(bytes, 70, r[0], r[1], r[2], r[3], padding, size));
        }
      }
    }
  }

  /** TF.js's padToSquare + resizeBilinear(legacy) written out per output value, the slow obvious way. */
  private static float[] direct(byte[] bgr, int stride, int x, int y, int w, int h, SquareInput.Padding padding,
                                int size) {
    int side = Math.max(w, h);
    int diff = side - Math.min(w, h);
    int before = padding == SquareInput.Padding.CENTRED ? diff - (int) Math.round(diff * 0.5) : 0;
    int padX = w < h ? before : 0;
    int padY = h < w ? before : 0;
    double scale = (double) side / size;
    float[] out = new float[3 * size * size];
    for (int ch = 0; ch < 3; ch++) {
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          double sy = r * scale;
          double sx = c * scale;
          int y0 = (int) Math.floor(sy);
          int y1 = Math.min(side - 1, (int) Math.ceil(sy));
          int x0 = (int) Math.floor(sx);
          int x1 = Math.min(side - 1, (int) Math.ceil(sx));
          double fx = sx - Math.floor(sx);
          double fy = sy - Math.floor(sy);
          double top = lerp(padded(bgr, stride, x, y, w, h, x0 - padX, y0 - padY, ch),
              padded(bgr, stride, x, y, w, h, x1 - padX, y0 - padY, ch), fx);
          double bottom = lerp(padded(bgr, stride, x, y, w, h, x0 - padX, y1 - padY, ch),
              padded(bgr, stride, x, y, w, h, x1 - padX, y1 - padY, ch), fx);
          out[ch * size * size + r * size + c] = (float) lerp(top, bottom, fy);
        }
      }
    }
    return out;
  }

  /** RGB channel {@code ch} of region pixel (px, py), 0 in the padding. */
  private static double padded(byte[] bgr, int stride, int x, int y, int w, int h, int px, int py, int ch) {
    if (px < 0 || py < 0 || px >= w || py >= h) {
      return 0;
    }
    return bgr[((y + py) * stride + x + px) * 3 + 2 - ch] & 0xFF;
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  @Test
  void rejectsRegionsOutsideTheImage() {
    assertThatThrownBy(() -> SquareInput.sample(twoPixels(), 1, 0, 2, 1, SquareInput.Padding.END, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not inside");
  }
}
