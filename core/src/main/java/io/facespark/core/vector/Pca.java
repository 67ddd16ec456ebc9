package io.facespark.core.vector;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Principal component analysis of a set of vectors, for looking at embeddings in 2-D: the
 * covariance's eigenvectors (LAPACK, in double precision), largest variance first. Component signs
 * are fixed (largest-magnitude loading positive) so the same data always plots the same way.
 */
public final class Pca {

  private final double[][] components;
  private final double[] explained;
  private final double[] mean;

  private Pca(double[][] components, double[] explained, double[] mean) {
    this.components = components;
    this.explained = explained;
    this.mean = mean;
  }

  /** Fits {@code dims} components to {@code rows} (at least two rows of one dimension). */
  public static Pca fit(float[][] rows, int dims) {
    if (rows.length < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 vectors, got " + rows.length);
    }
    int d = rows[0].length;
    if (dims < 1 || dims > d) {
      throw new IllegalArgumentException("components must be in [1, " + d + "], got " + dims);
    }
    double[][] data = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException("vector " + i + " has " + rows[i].length + " values, the first has " + d);
      }
      data[i] = new double[d];
      for (int j = 0; j < d; j++) {
        data[i][j] = rows[i][j];
      }
    }
    INDArray x = Nd4j.create(data).castTo(DataType.DOUBLE);
    INDArray centre = x.mean(0);
    INDArray centred = x.subRowVector(centre);
    INDArray covariance = centred.transpose().mmul(centred).divi(rows.length - 1);
    double total = 0;
    for (int j = 0; j < d; j++) {
      total += covariance.getDouble(j, j);
    }
    // Eigenvalues come back ascending; the covariance is overwritten with the eigenvectors (columns).
    INDArray eigenvalues = Eigen.symmetricGeneralizedEigenvalues(covariance, true);
    double[][] components = new double[dims][];
    double[] explained = new double[dims];
    for (int c = 0; c < dims; c++) {
      int column = d - 1 - c;
      double[] v = covariance.getColumn(column).toDoubleVector();
      int largest = 0;
      for (int j = 1; j < d; j++) {
        largest = Math.abs(v[j]) > Math.abs(v[largest]) ? j : largest;
      }
      if (v[largest] < 0) {
        for (int j = 0; j < d; j++) {
          v[j] = -v[j];
        }
      }
      components[c] = v;
      explained[c] = total > 0 ? eigenvalues.getDouble(column) / total : 0;
    }
    return new Pca(components, explained, centre.toDoubleVector());
  }

  /** Share of the total variance each component carries. */
  public double[] explainedVariance() {
    return explained.clone();
  }

  /** The coordinates of {@code vector} on the components. */
  public double[] project(float[] vector) {
    double[] out = new double[components.length];
    for (int c = 0; c < components.length; c++) {
      double sum = 0;
      for (int j = 0; j < mean.length; j++) {
        sum += (vector[j] - mean[j]) * components[c][j];
      }
      out[c] = sum;
    }
    return out;
  }
}
