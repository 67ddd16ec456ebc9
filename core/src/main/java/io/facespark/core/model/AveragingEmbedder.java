package io.facespark.core.model;

import io.facespark.core.vector.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shape of every test-time augmentation: each crop is embedded as several transformed copies
 * by the wrapped embedder, and the copies' embeddings are averaged and renormalised to unit length.
 * Everything else (input, dimension, name) is the wrapped embedder's; the version gets a suffix,
 * because augmented and plain embeddings must not be compared. Thread-safety: as the wrapped one's.
 */
public abstract class AveragingEmbedder implements FaceEmbedder {

  private final FaceEmbedder inner;

  protected AveragingEmbedder(FaceEmbedder inner) {
    if (inner == null) {
      throw new IllegalArgumentException("inner embedder is null");
    }
    this.inner = inner;
  }

  /** What the version gets, e.g. {@code +flip}. */
  protected abstract String versionSuffix();

  /** Copies per crop. */
  public abstract int copies();

  /**
   * The embeddings of every copy of a valid NCHW batch of {@code n} crops, copy-major: copy
   * {@code c} of crop {@code i} is row {@code c * n + i}.
   */
  protected abstract float[][] embedCopies(FaceEmbedder inner, INDArray batch);

  @Override
  public final InputSpec inputSpec() {
    return inner.inputSpec();
  }

  @Override
  public final int dimension() {
    return inner.dimension();
  }

  @Override
  public final String modelName() {
    return inner.modelName();
  }

  @Override
  public final String modelVersion() {
    return inner.modelVersion() + versionSuffix();
  }

  @Override
  public final float[][] embed(INDArray batch) {
    if (batch == null || batch.rank() != 4 || batch.size(0) == 0) {
      // let the inner embedder produce its precise message for the bad shape
      return inner.embed(batch);
    }
    return meanOfCopies(embedCopies(inner, batch), (int) batch.size(0), copies());
  }

  static float[][] meanOfCopies(float[][] rows, int faces, int copies) {
    if (rows.length != faces * copies) {
      throw new IllegalStateException(rows.length + " embeddings for " + faces + " faces x " + copies + " copies");
    }
    float[][] out = new float[faces][];
    for (int i = 0; i < faces; i++) {
      float[][] ofFace = new float[copies][];
      for (int c = 0; c < copies; c++) {
        ofFace[c] = rows[c * faces + i];
      }
      out[i] = Vectors.unitSum(ofFace);
    }
    return out;
  }

  @Override
  public final void close() {
    inner.close();
  }
}
