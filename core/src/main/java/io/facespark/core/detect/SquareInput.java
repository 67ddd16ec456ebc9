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
    byte[] pixels = copyRegion(bgr, x, y, w, h);
    int side = Math.max(w, h);
    int diff = side - Math.min(w, h);
    // padToSquare: END appends all of it; CENTRED appends round(diff / 2) and prepends the rest.
    int before = padding == Padding.CENTRED ? diff - (int) Math.round(diff * 0.5) : 0;
    int offsetX = w < h ? before : 0;
    int offsetY = h < w ? before : 0;
    double scale = (double) side / size;
    float[] out = new float[3 * size * size];
    int plane = size * size;
    // Source offsets into the region's bytes, -1 where the sample falls in the zero padding: the
    // bounds checks and index arithmetic come out of the per-pixel loop (same arithmetic, same result).
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    double[] fx = new double[size];
    for (int c = 0; c < size; c++) {
      double source = c * scale;
      x0[c] = byteOffset((int) Math.floor(source) - offsetX, w, 3);
      x1[c] = byteOffset(Math.min(side - 1, (int) Math.ceil(source)) - offsetX, w, 3);
      fx[c] = source - Math.floor(source);
    }
    for (int r = 0; r < size; r++) {
      double source = r * scale;
      int y0 = byteOffset((int) Math.floor(source) - offsetY, h, w * 3);
      int y1 = byteOffset(Math.min(side - 1, (int) Math.ceil(source)) - offsetY, h, w * 3);
      double fy = source - Math.floor(source);
      int rowOut = r * size;
      for (int c = 0; c < size; c++) {
        int tl = offset(y0, x0[c]);
        int tr = offset(y0, x1[c]);
        int bl = offset(y1, x0[c]);
        int br = offset(y1, x1[c]);
        for (int ch = 0; ch < 3; ch++) {
          int bgrChannel = 2 - ch;
          double top = lerp(value(pixels, tl, bgrChannel), value(pixels, tr, bgrChannel), fx[c]);
          double bottom = lerp(value(pixels, bl, bgrChannel), value(pixels, br, bgrChannel), fx[c]);
          out[ch * plane + rowOut + c] = (float) lerp(top, bottom, fy);
        }
      }
    }
    return out;
  }

  /** {@code index * stride}, or -1 when {@code index} is outside {@code [0, limit)} (padding). */
  private static int byteOffset(int index, int limit, int stride) {
    return index < 0 || index >= limit ? -1 : index * stride;
  }

  private static int offset(int row, int column) {
    return row < 0 || column < 0 ? -1 : row + column;
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /** A padded pixel (offset -1) is 0, as TF.js's padToSquare fills it. */
  private static double value(byte[] pixels, int offset, int channel) {
    return offset < 0 ? 0 : pixels[offset + channel] & 0xFF;
  }

  private static byte[] copyRegion(Mat bgr, int x, int y, int w, int h) {
    byte[] pixels = new byte[w * h * 3];
    for (int row = 0; row < h; row++) {
      BytePointer pointer = bgr.ptr(y + row, x);
      pointer.get(pixels, row * w * 3, w * 3);
    }
    return pixels;
  }
}
