package io.facespark.core.model;

import java.io.Serializable;

/**
 * Everything an executor needs to rebuild the driver's embedder: the model's bytes and the
 * test-time augmentation. Made once on the driver by {@link FaceEmbedders#source}; broadcast it and
 * call {@link #open()} once per executor JVM (embedders are not thread-safe: one per task thread).
 *
 * <pre>{@code
 * EmbedderSource source = FaceEmbedders.source(ModelSpec.parse(modelOption), tta);  // driver
 * Broadcast<EmbedderSource> model = jsc.broadcast(source);
 * ... mapPartitions(rows -> { FaceEmbedder embedder = model.value().open(); ... })
 * }</pre>
 */
public final class EmbedderSource implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ModelBytes model;
  private final TestTimeAugmentation augmentation;

  public EmbedderSource(ModelBytes model, TestTimeAugmentation augmentation) {
    if (model == null || augmentation == null) {
      throw new IllegalArgumentException("model bytes and augmentation are required");
    }
    this.model = model;
    this.augmentation = augmentation;
  }

  /** A new embedder built from the bytes; the caller closes it. */
  public FaceEmbedder open() {
    return augmentation.apply(model.open());
  }

  public ModelBytes model() {
    return model;
  }

  public TestTimeAugmentation augmentation() {
    return augmentation;
  }

  public long sizeBytes() {
    return model.sizeBytes();
  }

  public String describe() {
    return model.describe() + (augmentation.equals(TestTimeAugmentation.NONE) ? "" : " with " + augmentation + " TTA");
  }

  @Override
  public String toString() {
    return describe();
  }
}
