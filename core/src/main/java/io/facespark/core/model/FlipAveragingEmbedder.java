package io.facespark.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flip test-time augmentation for any {@link FaceEmbedder}: embeds each crop and its left-right
 * mirror in one batch, averages the two unit vectors and renormalises. Faces are roughly
 * symmetric, so this averages out some pose and lighting noise at twice the compute.
 *
 * <p>Its {@link #modelVersion()} is the inner version plus {@value #VERSION_SUFFIX}: flipped and
 * plain embeddings live in slightly different spaces and must not be mixed in one comparison.
 * Thread-safety: as the wrapped embedder's.
 */
public final class FlipAveragingEmbedder extends AveragingEmbedder {

  public static final String VERSION_SUFFIX = "+flip";

  public FlipAveragingEmbedder(FaceEmbedder inner) {
    super(inner);
  }

  @Override
  protected String versionSuffix() {
    return VERSION_SUFFIX;
  }

  @Override
  public int copies() {
    return 2;
  }

  @Override
  protected float[][] embedCopies(FaceEmbedder inner, INDArray batch) {
    return inner.embed(Nd4j.concat(0, batch, mirror(batch)));
  }

  /** Left-right mirror of an NCHW batch (reverses the last axis). */
  static INDArray mirror(INDArray batch) {
    long[] shape = batch.shape();
    float[] src = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] dst = new float[src.length];
    int w = (int) shape[3];
    for (int row = 0; row < src.length; row += w) {
      for (int x = 0; x < w; x++) {
        dst[row + x] = src[row + w - 1 - x];
      }
    }
    return Nd4j.create(dst, shape, 'c');
  }
}
