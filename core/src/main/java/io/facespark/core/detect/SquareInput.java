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
    int[] x0 = new int[size];
    int[] x1 = new int[size];
    double[] fx = new double[size];
    for (int c = 0; c < size; c++) {
      double source = c * scale;
      x0[c] = (int) Math.floor(source) - offsetX;
      x1[c] = Math.min(side - 1, (int) Math.ceil(source)) - offsetX;
      fx[c] = source - Math.floor(source);
    }
    for (int r = 0; r < size; r++) {
      double source = r * scale;
      int y0 = (int) Math.floor(source) - offsetY;
      int y1 = Math.min(side - 1, (int) Math.ceil(source)) - offsetY;
      double fy = source - Math.floor(source);
      for (int c = 0; c < size; c++) {
        for (int ch = 0; ch < 3; ch++) {
          int bgrChannel = 2 - ch;
          double tl = value(pixels, w, h, x0[c], y0, bgrChannel);
          double tr = value(pixels, w, h, x1[c], y0, bgrChannel);
          double bl = value(pixels, w, h, x0[c], y1, bgrChannel);
          double br = value(pixels, w, h, x1[c], y1, bgrChannel);
          double top = tl + (tr - tl) * fx[c];
          double bottom = bl + (br - bl) * fx[c];
          out[ch * plane + r * size + c] = (float) (top + (bottom - top) * fy);
        }
      }
    }
    return out;
  }

  /** A padded pixel is 0, as TF.js's padToSquare fills it. */
  private static double value(byte[] pixels, int w, int h, int x, int y, int channel) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 0;
    }
    return pixels[(y * w + x) * 3 + channel] & 0xFF;
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
