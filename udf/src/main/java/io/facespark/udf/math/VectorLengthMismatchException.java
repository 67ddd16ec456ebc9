package io.facespark.udf.math;

/**
 * Two vectors of different lengths were compared. Their lengths are in the message because the
 * usual cause is mixing embeddings from two models (say 128-d and 512-d) in one query.
 */
public final class VectorLengthMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public VectorLengthMismatchException(String function, int leftLength, int rightLength) {
    super("[VECTOR_DIMENSION_MISMATCH] Vectors passed to `" + function
        + "` must have the same dimension, but got " + leftLength + " and " + rightLength
        + ". Compare embeddings of the same model (check the model and model_version columns),"
        + " or guard the call with CASE WHEN size(a) = size(b).");
  }
}
