package io.facespark.core.train;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.InputSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A base face model followed by an embedding head: what {@code embed --model <base>+head:<dir>}
 * runs. Its version is the head's, so its rows match a {@code project} of the same base table.
 */
public final class HeadEmbedder implements FaceEmbedder {

  private final FaceEmbedder base;
  private final EmbeddingHead head;

  public HeadEmbedder(FaceEmbedder base, EmbeddingHead head) {
    if (!base.modelVersion().equals(head.info().baseModelVersion())) {
      throw new IllegalArgumentException("head " + head.version() + " was trained on embeddings of "
          + head.info().baseModelVersion() + ", not " + base.modelVersion()
          + ": use the base model (and --tta) it was trained with");
    }
    this.base = base;
    this.head = head;
  }

  @Override
  public InputSpec inputSpec() {
    return base.inputSpec();
  }

  @Override
  public int dimension() {
    return head.dimension();
  }

  @Override
  public String modelName() {
    return base.modelName() + "+head";
  }

  @Override
  public String modelVersion() {
    return head.version();
  }

  @Override
  public float[][] embed(INDArray batch) {
    return head.apply(base.embed(batch));
  }

  @Override
  public void close() {
    base.close();
  }
}
