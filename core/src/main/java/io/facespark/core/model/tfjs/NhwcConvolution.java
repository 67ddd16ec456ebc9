package io.facespark.core.model.tfjs;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer (same parameters, same {@code [out, in, kH, kW]} weights), NHWC,
 * inference only: a 1x1 stride-1 convolution is one GEMM ({@link NhwcConvolutionOp#pointwise}),
 * any other one libnd4j {@code conv2d} op ({@link NhwcConvolutionOp#forward}).
 *
 * <p>Why (measured, DL4J 1.0.0-M2.1, BlazeFace at batch 1): (1) the stock layer in NHWC first makes
 * an NCHW copy of its whole input ({@code input.permute(0, 3, 1, 2).dup()} in
 * {@code ConvolutionLayer.preOutput}), only to read sizes from it before its oneDNN helper runs on
 * the NHWC input anyway: about a quarter of the forward (Java Flight Recorder); (2) libnd4j builds
 * a new oneDNN primitive descriptor on every call, and for the 1x1 kernel ({@code brgconv_1x1})
 * that means re-running oneDNN's blocking search each time ({@code brg_blocking_t::calc_blocks_1x1}
 * and its helpers were the hottest named symbols of libnd4j in a {@code perf} profile of the
 * forward); a 1x1 convolution is a plain matrix product, so it goes to {@code Nd4j.gemm}, which
 * this build runs as oneDNN's matmul ({@code gemm:jit} under {@code DNNL_VERBOSE=1}): every
 * convolution stays on oneDNN, none of them reorders an activation. Outputs equal the stock layer's within float rounding ({@code TfjsGraphBuilderTest}).
 */
public final class NhwcConvolution extends ConvolutionLayer {

  private static final long serialVersionUID = 1L;

  private NhwcConvolution(Builder builder) {
    super(builder);
  }

  /** For DL4J's configuration cloning. */
  public NhwcConvolution() {
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                     int index, INDArray params, boolean initialize, DataType dataType) {
    return NhwcConvolutionOp.attach(this, new Runtime(conf, dataType), conf, listeners, index, params, initialize);
  }

  /** DL4J's convolution builder, data format fixed to NHWC. */
  public static final class Builder extends ConvolutionLayer.Builder {

    public Builder(int kernelHeight, int kernelWidth) {
      super(kernelHeight, kernelWidth);
      dataFormat(CNN2DFormat.NHWC);
    }

    @Override
    public NhwcConvolution build() {
      super.build(); // DL4J's validation of kernel, stride and padding
      return new NhwcConvolution(this);
    }
  }

  private static final class Runtime extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

    private static final int[] ONE = {1, 1};
    private final ReshapedParam weightRows = new ReshapedParam();
    private final ReshapedParam biasVector = new ReshapedParam();

    Runtime(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      ConvolutionLayer conf = layerConf();
      INDArray bias = conf.hasBias() ? biasVector.of(getParam("b"), conf.getNOut()) : null;
      if (Arrays.equals(conf.getKernelSize(), ONE) && Arrays.equals(conf.getStride(), ONE)) {
        return NhwcConvolutionOp.pointwise(input, weightRows.of(getParam("W"), conf.getNOut(), conf.getNIn()), bias,
            conf.getActivationFn(), workspaceMgr);
      }
      return NhwcConvolutionOp.forward("conv2d", input, getParam("W"), bias,
          NhwcConvolutionOp.OIHW, conf.getNOut(), conf.getKernelSize(), conf.getStride(), conf.getConvolutionMode(),
          conf.getActivationFn(), workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      throw NhwcConvolutionOp.noTraining("NhwcConvolution");
    }
  }
}
