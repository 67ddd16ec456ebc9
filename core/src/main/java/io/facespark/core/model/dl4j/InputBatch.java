package io.facespark.core.model.dl4j;

import io.facespark.core.model.InputSpec;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The {@code FaceEmbedder} input contract, checked before any inference: a non-empty
 * {@code [n, 3, h, w]} batch of the model's size with finite pixels. Running a network on a wrong
 * shape either fails deep inside DL4J or, worse, silently works through a reshape.
 */
public final class InputBatch {

  private InputBatch() {
  }

  public static void requireValid(INDArray batch, InputSpec spec, String model) {
    if (batch == null) {
      throw new IllegalArgumentException(model + ": batch is null");
    }
    long[] shape = batch.shape();
    String expected = "[n, 3, " + spec.height() + ", " + spec.width() + "] (NCHW, "
        + spec.channelOrder() + ", 0..255)";
    if (shape.length != 4 || shape[1] != 3 || shape[2] != spec.height() || shape[3] != spec.width()) {
      throw new IllegalArgumentException(model + ": batch shape " + Arrays.toString(shape)
          + " is not " + expected + ". Fix: resize face crops to " + spec.height() + "x"
          + spec.width() + " before embedding (the model's inputSpec()).");
    }
    if (shape[0] == 0) {
      throw new IllegalArgumentException(model + ": empty batch (0 images); expected " + expected);
    }
    if (!batch.dataType().isFPType()) {
      throw new IllegalArgumentException(model + ": batch data type " + batch.dataType()
          + " is not floating point; expected FLOAT pixels 0..255");
    }
    if (BooleanIndexing.or(batch, Conditions.isNan()) || BooleanIndexing.or(batch, Conditions.isInfinite())) {
      throw new IllegalArgumentException(model + ": image " + firstNonFinite(batch)
          + " of the batch has a NaN or infinite pixel. Fix: reject that image upstream (decode stage).");
    }
  }

  // Only on the failure path: which image, so the caller can find the file.
  private static long firstNonFinite(INDArray batch) {
    for (long i = 0; i < batch.size(0); i++) {
      INDArray image = batch.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
      if (BooleanIndexing.or(image, Conditions.isNan()) || BooleanIndexing.or(image, Conditions.isInfinite())) {
        return i;
      }
    }
    return -1;
  }
}
