package io.facespark.core.model.tfjs;

import io.facespark.core.platform.NativeFloats;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lets an NHWC graph take the NCHW input every caller builds: one copy of the (3-channel) input
 * into NHWC order before the first layer, so callers and golden tests stay as they are. Inference
 * only, like the ported graphs it serves.
 */
public final class NchwToNhwc implements InputPreProcessor {

  private static final long serialVersionUID = 1L;

  @Override
  public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    if (input.rank() != 4) {
      throw new IllegalArgumentException("expected an NCHW image batch [n, c, h, w], got shape "
          + java.util.Arrays.toString(input.shape()));
    }
    if (input.dataType() != DataType.FLOAT || input.ordering() != 'c' || input.isView()
        || input.data().length() != input.length()) {
      return workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 3, 1), 'c');
    }
    // A plain loop: ND4J's strided permute-and-copy of this 3-channel image took several times longer.
    int n = (int) input.size(0);
    int c = (int) input.size(1);
    int plane = (int) (input.size(2) * input.size(3));
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        new long[] {n, input.size(2), input.size(3), c}, 'c');
    // One image at a time: the whole batch as Java arrays would be humongous allocations for G1.
    float[] nchw = new float[c * plane];
    float[] nhwc = new float[c * plane];
    for (int b = 0; b < n; b++) {
      NativeFloats.read(input, (long) b * nchw.length, nchw);
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < plane; p++) {
          nhwc[p * c + ch] = nchw[ch * plane + p];
        }
      }
      NativeFloats.write(output, (long) b * nhwc.length, nhwc);
    }
    return output;
  }

  @Override
  public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
    throw new UnsupportedOperationException("NchwToNhwc is for inference of ported TF.js graphs only");
  }

  @Override
  public InputPreProcessor clone() {
    return new NchwToNhwc();
  }

  @Override
  public InputType getOutputType(InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional conv) || conv.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalStateException("NchwToNhwc needs an NCHW convolutional input, got " + inputType);
    }
    return InputType.convolutional(conv.getHeight(), conv.getWidth(), conv.getChannels(), CNN2DFormat.NHWC);
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                        int minibatchSize) {
    return new Pair<>(maskArray, currentMaskState);
  }
}
