package io.facespark.core.model.dl4j;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.InputSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link FaceEmbedder} over any DL4J network: check the batch, normalise the pixels, read one
 * layer's activations, flatten each image's activations (channel-major, as DL4J lays them out) and
 * scale every row to unit L2 norm. The VGGFace seed model and sidecar-described zips both end here.
 *
 * <p>Opening runs one probe image through the network: that is how the embedding length is learnt
 * for any layer, and it turns an input size the network cannot take into an error at open time,
 * naming the size, instead of a failure on the first real batch. If opening fails, the caller still
 * owns (and closes) the network.
 */
public final class Dl4jModelEmbedder implements FaceEmbedder {

  private final LayerTap tap;
  private final InputSpec inputSpec;
  private final PixelNormalisation normalisation;
  private final String modelName;
  private final String modelVersion;
  private final int dimension;

  Dl4jModelEmbedder(LayerTap tap, InputSpec inputSpec, PixelNormalisation normalisation, String modelName,
                    String modelVersion, String origin) {
    this.tap = tap;
    this.inputSpec = inputSpec;
    this.normalisation = normalisation;
    this.modelName = modelName;
    this.modelVersion = modelVersion;
    this.dimension = probeDimension(origin);
  }

  private int probeDimension(String origin) {
    INDArray probe = Nd4j.zeros(DataType.FLOAT, 1, 3, inputSpec.height(), inputSpec.width());
    INDArray features;
    try {
      features = tap.activations(normalisation.apply(probe, tap.dataType()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the network in " + origin + " cannot take a 3x" + inputSpec.height()
          + "x" + inputSpec.width() + " image up to " + tap.describe() + ": " + e.getMessage()
          + ". Fix: give the input size the network was trained on (sidecar input.height/width).", e);
    }
    long length = features.length();
    if (length <= 0 || length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(tap.describe() + " of " + origin + " yields " + length
          + " values per image; cannot use it as an embedding");
    }
    return (int) length;
  }

  @Override
  public InputSpec inputSpec() {
    return inputSpec;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public String modelVersion() {
    return modelVersion;
  }

  @Override
  public float[][] embed(INDArray batch) {
    InputBatch.requireValid(batch, inputSpec, modelVersion);
    int n = (int) batch.size(0);
    INDArray features = tap.activations(normalisation.apply(batch, tap.dataType()));
    float[][] rows = features.castTo(DataType.FLOAT).dup('c').reshape('c', n, dimension).toFloatMatrix();
    for (int i = 0; i < n; i++) {
      normaliseRow(rows[i], i);
    }
    return rows;
  }

  private void normaliseRow(float[] row, int index) {
    double sumOfSquares = 0;
    for (float v : row) {
      sumOfSquares += (double) v * v;
    }
    double norm = Math.sqrt(sumOfSquares);
    // A zero row has no direction and a non-finite one no meaning: neither may reach a faces table.
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new IllegalStateException(modelVersion + ": " + tap.describe() + " gave " + (norm == 0 ? "all zeros"
          : "non-finite values") + " for image " + index + " of the batch, so it has no embedding");
    }
    for (int j = 0; j < row.length; j++) {
      row[j] = (float) (row[j] / norm);
    }
  }

  @Override
  public void close() {
    tap.close();
  }

  @Override
  public String toString() {
    return modelVersion + " (" + tap.describe() + ", " + dimension + "-d, input " + inputSpec + ")";
  }
}
