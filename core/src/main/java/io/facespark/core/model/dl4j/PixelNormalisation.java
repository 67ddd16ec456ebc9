package io.facespark.core.model.dl4j;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code (pixel - mean[c]) * scale[c]} per channel {@code c}, in the model's channel order. Covers
 * the usual conventions: VGG/Caffe mean subtraction (scale 1), {@code (x - 127.5) / 128},
 * and ImageNet's {@code (x/255 - mean) / std} (mean 255*m, scale 1/(255*s)).
 */
public final class PixelNormalisation implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] mean;
  private final double[] scale;

  public PixelNormalisation(double[] mean, double[] scale) {
    if (mean == null || mean.length != 3 || scale == null || scale.length != 3) {
      throw new IllegalArgumentException("normalisation needs 3 means and 3 scales (one per channel), got mean "
          + Arrays.toString(mean) + ", scale " + Arrays.toString(scale));
    }
    for (int c = 0; c < 3; c++) {
      if (!Double.isFinite(mean[c]) || !Double.isFinite(scale[c]) || scale[c] == 0) {
        throw new IllegalArgumentException("normalisation values must be finite and scales non-zero, got mean "
            + Arrays.toString(mean) + ", scale " + Arrays.toString(scale));
      }
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] scale() {
    return scale.clone();
  }

  /** A normalised copy of an NCHW batch, in {@code dataType}; the caller's array is untouched. */
  public INDArray apply(INDArray batch, DataType dataType) {
    INDArray out = batch.castTo(dataType).dup('c');
    INDArray meanVector = Nd4j.createFromArray(mean).castTo(dataType);
    INDArray scaleVector = Nd4j.createFromArray(scale).castTo(dataType);
    Nd4j.getExecutioner().exec(new BroadcastSubOp(out, meanVector, out, 1));
    Nd4j.getExecutioner().exec(new BroadcastMulOp(out, scaleVector, out, 1));
    return out;
  }

  /** Stable text for version hashes. */
  String canonical() {
    return "mean=" + Arrays.toString(mean) + ";scale=" + Arrays.toString(scale);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
