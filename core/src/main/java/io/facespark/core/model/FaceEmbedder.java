package io.facespark.core.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns face crops into L2-normalised embeddings, and says which model made them.
 *
 * <p>Input of {@link #embed}: a float batch of shape {@code [n, 3, h, w]} (NCHW) with
 * {@code h x w} and channel order from {@link #inputSpec()}, pixel values 0..255; the embedder
 * normalises internally. Output: {@code n} rows of {@link #dimension()} floats, each of unit L2
 * norm. An empty batch, a wrong shape or a non-finite pixel is rejected with an
 * {@link IllegalArgumentException} naming the problem, before inference runs.
 *
 * <p>Thread-safety: implementations are not thread-safe (DL4J networks keep per-call state);
 * use one instance per thread or task, or synchronise. Close releases native memory.
 */
public interface FaceEmbedder extends AutoCloseable {

  InputSpec inputSpec();

  /** Length of every embedding row. */
  int dimension();

  /** Short stable name of the architecture/weights family, e.g. {@code facerec}. */
  String modelName();

  /**
   * The name plus a short hash of the weight bytes, e.g. {@code facerec-1.7.15-3fa9c2e1}: two
   * different weight sets never share a version, so tables from different models are never
   * compared by mistake.
   */
  String modelVersion();

  /** Embeds a batch; rows are L2-normalised. */
  float[][] embed(INDArray batch);

  /**
   * The chips this model needs per face, in order: one for a single model, one per member for a
   * fusion ({@link FusedEmbedder}). The preprocessing cuts each from the same face and landmarks.
   */
  default List<InputSpec> chipSpecs() {
    return List.of(inputSpec());
  }

  /** Embeds faces given one batch per {@link #chipSpecs()} entry (row i of each is face i). */
  default float[][] embedChips(List<INDArray> batches) {
    if (batches.size() != 1) {
      throw new IllegalArgumentException(modelName() + " takes one chip per face, got " + batches.size());
    }
    return embed(batches.get(0));
  }

  @Override
  default void close() {
  }
}
