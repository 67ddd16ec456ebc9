package io.facespark.core.model;

/**
 * The test-time augmentations' last step: several embeddings of each face (copies of the crop,
 * transformed) averaged and renormalised to unit length. Rows are copy-major: copy {@code c} of
 * face {@code i} is row {@code c * faces + i}, so each copy can be embedded as one batch.
 */
final class CopyAverage {

  private CopyAverage() {
  }

  static float[][] meanOfCopies(float[][] rows, int faces, int copies) {
    if (rows.length != faces * copies) {
      throw new IllegalStateException(rows.length + " embeddings for " + faces + " faces x " + copies + " copies");
    }
    float[][] out = new float[faces][];
    for (int i = 0; i < faces; i++) {
      double[] mean = new double[rows[i].length];
      for (int c = 0; c < copies; c++) {
        float[] row = rows[c * faces + i];
        for (int k = 0; k < mean.length; k++) {
          mean[k] += row[k];
        }
      }
      double sum = 0;
      for (double v : mean) {
        sum += v * v;
      }
      double inv = 1 / Math.sqrt(sum);
      out[i] = new float[mean.length];
      for (int k = 0; k < mean.length; k++) {
        out[i][k] = (float) (mean[k] * inv);
      }
    }
    return out;
  }
}
