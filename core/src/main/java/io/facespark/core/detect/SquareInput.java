package io.facespark.core.detect;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A region of a BGR image as face-api.js feeds it to its nets: zero-padded to a square, then
 * resized to {@code size x size} with TF.js's {@code resizeBilinear(alignCorners=false,
 * halfPixelCenters=false)}, returned as RGB planes {@code [3][size][size]}, values 0..255.
 *
 * <p>Why not OpenCV's resize: TF's legacy bilinear samples at {@code dst * in / out} (no half-pixel
 * shift), OpenCV at {@code (dst + 0.5) * in / out - 0.5}; on a 1920 px photo shrunk to 512 the
 * two differ by about 1.4 source pixels, which moves boxes. The padding is blended into the
 * border samples exactly as TF.js does, because the zeros are there before the resize.
 */
final class SquareInput {

  /** Where the padding goes: SSD pads bottom/right, the landmark net pads both sides. */
  enum Padding {
    END, CENTRED
  }

  private SquareInput() {
  }

  /**
   * Samples the region {@code [x, x+w) x [y, y+h)} (inside the image) of an 8-bit BGR Mat.
   * Returns RGB planes of {@code size * size} floats each, 0..255.
   */
  static float[] sample(Mat bgr, int x, int y, int w, int h, Padding padding, int size) {
    if (bgr.channels() != 3 || bgr.depth() != opencv_core.CV_8U) {
      throw new IllegalArgumentException("expected an 8-bit 3-channel BGR image, got " + bgr.channels()
          + " channel(s), depth " + bgr.depth());
    }
    if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > bgr.cols() || y + h > bgr.rows()) {
      throw new IllegalArgumentException("region " + w + "x" + h + " at (" + x + ", " + y
          + ") is not inside the " + bgr.cols() + "x" + bgr.rows() + " image");
    }
    // The region's bytes plus one zero pixel at the end, where samples in the padding read.
    byte[] pixels = copyRegion(bgr, x, y, w, h);
    int zero = w * h * 3;
    int side = Math.max(w, h);
    int diff = side - Math.min(w, h);
    // padToSquare: END appends all of it; CENTRED appends round(diff / 2) and prepends the rest.
    int before = padding == Padding.CENTRED ? diff - (int) Math.round(diff * 0.5) : 0;
    int offsetX = w < h ? before : 0;
    int offsetY = h < w ? before : 0;
    double scale = (double) side / size;
    // Per output column: the byte offsets of its two source columns in a row, and the weight.
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    double[] fx = new double[size];
    for (int c = 0; c < size; c++) {
      double source = c * scale;
      x0[c] = columnOffset((int) Math.floor(source) - offsetX, w);
      x1[c] = columnOffset(Math.min(side - 1, (int) Math.ceil(source)) - offsetX, w);
      fx[c] = source - Math.floor(source);
    }
    // Separable, rows first: lerp(lerp(tl, tr, fx), lerp(bl, br, fx), fy) is exactly the
    // reference's order, so each source row's horizontal pass is computed once and reused by the
    // output rows that read it (upscaling), and no per-pixel padding branch remains.
    float[] out = new float[3 * size * size];
    int plane = size * size;
    double[] top = new double[3 * size];
    double[] bottom = new double[3 * size];
    int topRow = Integer.MIN_VALUE;
    int bottomRow = Integer.MIN_VALUE;
    for (int r = 0; r < size; r++) {
      double source = r * scale;
      int row0 = (int) Math.floor(source) - offsetY;
      int row1 = Math.min(side - 1, (int) Math.ceil(source)) - offsetY;
      if (row0 != topRow) {
        if (row0 == bottomRow) { // the previous bottom row is this one's top: swap instead of recomputing
          double[] t = top;
          top = bottom;
          bottom = t;
          bottomRow = topRow;
        } else {
          horizontal(pixels, row0, w, h, zero, x0, x1, fx, top);
        }
        topRow = row0;
      }
      if (row1 != bottomRow) {
        if (row1 == topRow) {
          System.arraycopy(top, 0, bottom, 0, top.length);
        } else {
          horizontal(pixels, row1, w, h, zero, x0, x1, fx, bottom);
        }
        bottomRow = row1;
      }
      double fy = source - Math.floor(source);
      int rowOut = r * size;
      for (int c = 0; c < size; c++) {
        for (int ch = 0; ch < 3; ch++) {
          out[ch * plane + rowOut + c] = (float) lerp(top[c * 3 + ch], bottom[c * 3 + ch], fy);
        }
      }
    }
    return out;
  }

  /**
   * One source row (region coordinates; outside {@code [0, h)} it is padding) interpolated at every
   * output column, RGB per column: {@code into[c * 3 + ch]}.
   */
  private static void horizontal(byte[] pixels, int row, int w, int h, int zero, int[] x0, int[] x1, double[] fx,
                                 double[] into) {
    if (row < 0 || row >= h) {
      java.util.Arrays.fill(into, 0);
      return;
    }
    int base = row * w * 3;
    for (int c = 0; c < x0.length; c++) {
      int left = x0[c] < 0 ? zero : base + x0[c];
      int right = x1[c] < 0 ? zero : base + x1[c];
      for (int ch = 0; ch < 3; ch++) {
        int bgrChannel = 2 - ch;
        into[c * 3 + ch] = lerp(pixels[left + bgrChannel] & 0xFF, pixels[right + bgrChannel] & 0xFF, fx[c]);
      }
    }
  }

  /** {@code column * 3}, or -1 when the column is in the padding (read as the zero pixel). */
  private static int columnOffset(int column, int w) {
    return column < 0 || column >= w ? -1 : column * 3;
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /** The region's BGR bytes row by row, then one zero pixel. */
  private static byte[] copyRegion(Mat bgr, int x, int y, int w, int h) {
    byte[] pixels = new byte[w * h * 3 + 3];
    for (int row = 0; row < h; row++) {
      BytePointer pointer = bgr.ptr(y + row, x);
      pointer.get(pixels, row * w * 3, w * 3);
    }
    return pixels;
  }
}
