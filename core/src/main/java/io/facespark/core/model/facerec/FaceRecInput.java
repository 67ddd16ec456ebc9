package io.facespark.core.model.facerec;

import io.facespark.core.model.InputSpec;
import io.facespark.core.platform.NativeFloats;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks a pixel batch and applies the reference normalisation {@code (x - meanRgb) / 255}, in
 * float32 exactly as TF.js does (subtract, then divide), so the golden comparison sees no
 * preprocessing drift.
 */
final class FaceRecInput {

  /** face-api.js's per-channel means, in RGB order. */
  static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private FaceRecInput() {
  }

  static INDArray normalise(INDArray batch, InputSpec spec) {
    if (batch == null) {
      throw new IllegalArgumentException("batch is null");
    }
    long[] shape = batch.shape();
    if (shape.length != 4 || shape[1] != 3 || shape[2] != spec.height() || shape[3] != spec.width()) {
      throw new IllegalArgumentException("batch shape " + Arrays.toString(shape) + " does not match the input spec:"
          + " expected [n, 3, " + spec.height() + ", " + spec.width() + "] (NCHW, " + spec.channelOrder() + ")");
    }
    if (shape[0] == 0) {
      throw new IllegalArgumentException("empty batch: shape " + Arrays.toString(shape));
    }
    float[] pixels = NativeFloats.values(batch.castTo(DataType.FLOAT));
    int plane = spec.height() * spec.width();
    for (int i = 0; i < pixels.length; i++) {
      float value = pixels[i];
      if (!Float.isFinite(value)) {
        int image = i / (3 * plane);
        int channel = (i / plane) % 3;
        int y = (i % plane) / spec.width();
        int x = i % spec.width();
        throw new IllegalArgumentException("non-finite pixel " + value + " at batch index " + image
            + ", channel " + channel + ", row " + y + ", column " + x);
      }
      pixels[i] = (value - MEAN_RGB[(i / plane) % 3]) / 255f;
    }
    return NativeFloats.array(pixels, shape);
  }
}
