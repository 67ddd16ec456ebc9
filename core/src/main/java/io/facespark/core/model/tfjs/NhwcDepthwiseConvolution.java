package io.facespark.core.model.tfjs;

import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's depthwise convolution layer (same parameters, same {@code [kH, kW, in, multiplier]}
 * weights), NHWC, inference only, whose forward is one libnd4j {@code depthwise_conv2d} op
 * ({@link NhwcConvolutionOp}) written straight into an uninitialised output.
 *
 * <p>Why (measured, DL4J 1.0.0-M2.1 with the oneDNN build): the stock layer already reaches
 * libnd4j's oneDNN depthwise kernel ({@code jit_dw}); what made it slow was the NCHW layout (three
 * reorders per call, see {@link TfjsGraphBuilder}). The stock layer in NHWC is not slow by itself;
 * this one exists so that the NHWC graph's convolutions share one small path (no zero-filled
 * output, no DL4J shape and padding bookkeeping per call; its own gain was not measured apart).
 * Outputs equal the stock layer's ({@code TfjsGraphBuilderTest}).
 */
public final class NhwcDepthwiseConvolution extends DepthwiseConvolution2D {

  private static final long serialVersionUID = 1L;

  private NhwcDepthwiseConvolution(Builder builder) {
    super(builder);
  }

  /** For DL4J's configuration cloning. */
  public NhwcDepthwiseConvolution() {
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                     int index, INDArray params, boolean initialize, DataType dataType) {
    return NhwcConvolutionOp.attach(this, new Runtime(conf, dataType), conf, listeners, index, params, initialize);
  }

  /** DL4J's depthwise builder, data format fixed to NHWC. */
  public static final class Builder extends DepthwiseConvolution2D.Builder {

    public Builder(int kernelHeight, int kernelWidth) {
      super(kernelHeight, kernelWidth);
      dataFormat(CNN2DFormat.NHWC);
    }

    @Override
    public NhwcDepthwiseConvolution build() {
      super.build(); // DL4J's validation of kernel, stride, padding and multiplier
      return new NhwcDepthwiseConvolution(this);
    }
  }

  private static final class Runtime extends DepthwiseConvolution2DLayer {

    private final ReshapedParam biasVector = new ReshapedParam();

    Runtime(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      DepthwiseConvolution2D conf = (DepthwiseConvolution2D) layerConf();
      INDArray bias = conf.hasBias() ? biasVector.of(getParam("b"), conf.getNOut()) : null;
      return NhwcConvolutionOp.forward("depthwise_conv2d", input, getParam("W"), bias,
          NhwcConvolutionOp.HWIO, conf.getNOut(), conf.getKernelSize(), conf.getStride(), conf.getConvolutionMode(),
          conf.getActivationFn(), workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      throw NhwcConvolutionOp.noTraining("NhwcDepthwiseConvolution");
    }
  }
}
