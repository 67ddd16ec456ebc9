package io.facespark.core.model.tfjs;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PReLU with one slope per channel, {@code max(x, 0) + alpha[c] * min(x, 0)}, of an NCHW or NHWC
 * activation (channels on axis 1, or last; axis 1 of a 2-d {@code [n, c]} either way),
 * for inference. DL4J's own {@code PReLULayer} computes the same through a generic shared-axes op
 * that measured several times slower than the conv layers around it; four vectorised passes here.
 */
final class ChannelPRelu extends BaseActivationFunction {

  private static final long serialVersionUID = 1L;

  private final float[] alpha;
  private final boolean channelsLast;

  ChannelPRelu(float[] alpha, CNN2DFormat format) {
    this.alpha = alpha.clone();
    this.channelsLast = format == CNN2DFormat.NHWC;
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    int axis = channelsLast && in.rank() == 4 ? 3 : 1;
    if (in.rank() < 2 || in.size(axis) != alpha.length) {
      throw new IllegalArgumentException("PReLU with " + alpha.length + " slopes got activations of shape "
          + java.util.Arrays.toString(in.shape()));
    }
    INDArray negative = Transforms.min(in, 0.0, true);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(negative, Nd4j.createFromArray(alpha).castTo(in.dataType()),
        negative, axis));
    Transforms.max(in, 0.0, false);
    return in.addi(negative);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    throw new UnsupportedOperationException("ChannelPRelu is for inference of ported TF.js graphs only");
  }

  @Override
  public String toString() {
    return "channel-prelu(" + alpha.length + ")";
  }
}
