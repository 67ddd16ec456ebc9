package io.facespark.core.model.tfjs;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PReLU with one slope per channel of an NCHW activation, {@code max(x, 0) + alpha[c] * min(x, 0)},
 * for inference. DL4J's own {@code PReLULayer} computes the same through a generic shared-axes op
 * that measured several times slower than the conv layers around it; four vectorised passes here.
 */
final class ChannelPRelu extends BaseActivationFunction {

  private static final long serialVersionUID = 1L;

  private final float[] alpha;

  ChannelPRelu(float[] alpha) {
    this.alpha = alpha.clone();
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    if (in.rank() < 2 || in.size(1) != alpha.length) {
      throw new IllegalArgumentException("PReLU with " + alpha.length + " slopes got activations of shape "
          + java.util.Arrays.toString(in.shape()));
    }
    INDArray negative = Transforms.min(in, 0.0, true);
    Nd4j.getExecutioner().exec(new BroadcastMulOp(negative, Nd4j.createFromArray(alpha).castTo(in.dataType()),
        negative, 1));
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
