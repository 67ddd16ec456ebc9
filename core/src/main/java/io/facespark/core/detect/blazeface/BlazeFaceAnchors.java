package io.facespark.core.detect.blazeface;

/**
 * The fixed anchor grid of MediaPipe's BlazeFace-family detectors (its SSD anchor generator with
 * {@code fixed_anchor_size}, offsets 0.5, one aspect ratio): each layer has a stride; consecutive
 * layers of the same stride share one grid whose cells then hold every layer's anchors. Anchors
 * are listed grid by grid, row-major, a cell's anchors together: the order of the net's outputs.
 *
 * <p>Only the centres matter: with a fixed anchor size every anchor is 1 x 1 (the input square)
 * and the net regresses sizes in input pixels.
 */
public final class BlazeFaceAnchors {

  private BlazeFaceAnchors() {
  }

  /**
   * Centres as {@code x0, y0, x1, y1, ...} relative to the input square.
   *
   * @param inputSize the square input's side in pixels
   * @param strides one per layer, e.g. {@code 8, 16, 16, 16}
   * @param anchorsPerLayer anchors each layer puts in a cell (2 when MediaPipe interpolates a
   *     second scale, 1 otherwise)
   */
  public static float[] centres(int inputSize, int[] strides, int anchorsPerLayer) {
    int total = 0;
    for (int stride : strides) {
      int cells = (inputSize + stride - 1) / stride;
      total += cells * cells * anchorsPerLayer;
    }
    float[] centres = new float[2 * total];
    int n = 0;
    int layer = 0;
    while (layer < strides.length) {
      int stride = strides[layer];
      int sameStride = 0;
      while (layer < strides.length && strides[layer] == stride) {
        sameStride++;
        layer++;
      }
      int cells = (inputSize + stride - 1) / stride;
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++) {
          for (int a = 0; a < sameStride * anchorsPerLayer; a++) {
            centres[n++] = (x + 0.5f) / cells;
            centres[n++] = (y + 0.5f) / cells;
          }
        }
      }
    }
    return centres;
  }
}
