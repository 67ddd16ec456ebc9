package io.facespark.core.model.facerec;

import io.facespark.core.model.InputSpec;
import io.facespark.core.platform.NativeFloats;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    // One image at a time: a whole batch as a Java array is a humongous allocation for G1 (8.6 MB
    // at 32 faces), which cost a stop-the-world collection per batch.
    INDArray pixels = NativeFloats.dense(batch.castTo(DataType.FLOAT));
    INDArray output = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    int plane = spec.height() * spec.width();
    float[] image = new float[3 * plane];
    for (int n = 0; n < shape[0]; n++) {
      NativeFloats.read(pixels, (long) n * image.length, image);
      for (int channel = 0; channel < 3; channel++) {
        float mean = MEAN_RGB[channel];
        for (int i = channel * plane; i < (channel + 1) * plane; i++) {
          float value = image[i];
          if (!Float.isFinite(value)) {
            int at = i - channel * plane;
            throw new IllegalArgumentException("non-finite pixel " + value + " at batch index " + n
                + ", channel " + channel + ", row " + at / spec.width() + ", column " + at % spec.width());
          }
          image[i] = (value - mean) / 255f;
        }
      }
      NativeFloats.write(output, (long) n * image.length, image);
    }
    return output;
  }
}
