package io.facespark.core.model.tfjs;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the two NHWC inference layers share: one libnd4j convolution op ({@code conv2d} or
 * {@code depthwise_conv2d}) or one GEMM on an NHWC activation, straight into the layer's output
 * buffer, then the layer's activation in place; and their wiring into DL4J. libnd4j hands both ops to oneDNN (platform check: float32, oneDNN
 * on), which reads NHWC as is; the weights stay in the layer's own layout ({@code weightsFormat}
 * tells the op which), so nothing else is copied.
 */
final class NhwcConvolutionOp {

  /** libnd4j's weight layouts: 0 = [kH, kW, iC, oC] (DL4J's depthwise layout), 1 = [oC, iC, kH, kW] (DL4J's conv). */
  static final int HWIO = 0;
  static final int OIHW = 1;

  private NhwcConvolutionOp() {
  }

  /** One libnd4j convolution op; {@code bias} a vector {@code [channelsOut]} or null. */
  static INDArray forward(String op, INDArray input, INDArray weights, INDArray bias, int weightsFormat, long channelsOut,
                          int[] kernel, int[] stride, ConvolutionMode mode, IActivation activation,
                          LayerWorkspaceMgr workspaceMgr) {
    if (input.rank() != 4) {
      throw new IllegalArgumentException(op + ": expected an NHWC activation [n, h, w, c], got shape "
          + java.util.Arrays.toString(input.shape()));
    }
    boolean same = mode == ConvolutionMode.Same;
    long height = outSize(input.size(1), kernel[0], stride[0], same);
    long width = outSize(input.size(2), kernel[1], stride[1], same);
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
        new long[] {input.size(0), height, width, channelsOut}, 'c');
    INDArray[] inputs = bias == null ? new INDArray[] {input, weights} : new INDArray[] {input, weights, bias};
    // kH, kW, sH, sW, pH, pW (derived by the op for SAME), dH, dW, SAME, NHWC, weight layout
    Nd4j.exec(DynamicCustomOp.builder(op).addInputs(inputs)
        .addIntegerArguments(kernel[0], kernel[1], stride[0], stride[1], 0, 0, 1, 1, same ? 1 : 0, 1, weightsFormat)
        .addOutputs(output).build());
    return activation.getActivation(output, false);
  }

  /**
   * A 1x1, stride-1 convolution of an NHWC activation as one GEMM, {@code [n*h*w, in] x [in, out]},
   * then the bias and the activation in place. {@code weightRows} are the OIHW weights
   * {@code [out, in, 1, 1]} seen as {@code [out, in]}, read as the transposed right-hand matrix
   * without a copy; {@code bias} is a vector {@code [out]} or null.
   *
   * <p>The bias goes in with libnd4j's {@code biasadd} op, which walks the NHWC rows with the
   * channels innermost; ND4J's {@code addiRowVector} (a legacy broadcast over 16,384 row "TADs" of
   * 24-96 values in BlazeFace's largest layers) took as long as the GEMM itself (profile of issue 16).
   */
  static INDArray pointwise(INDArray input, INDArray weightRows, INDArray bias, IActivation activation,
                            LayerWorkspaceMgr workspaceMgr) {
    long channelsOut = weightRows.size(0);
    long channelsIn = weightRows.size(1);
    long rows = input.length() / channelsIn;
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
        new long[] {input.size(0), input.size(1), input.size(2), channelsOut}, 'c');
    Nd4j.gemm(input.reshape('c', rows, channelsIn), weightRows, output.reshape('c', rows, channelsOut), false, true,
        1.0, 0.0);
    if (bias != null) {
      Nd4j.exec(new BiasAdd(output, bias, output, false));
    }
    return activation.getActivation(output, false);
  }

  /** TF 'SAME' ({@code ceil(in / stride)}) or 'VALID' without padding ({@code (in - k) / stride + 1}). */
  private static long outSize(long in, int k, int stride, boolean same) {
    return same ? (in + stride - 1) / stride : (in - k) / stride + 1;
  }

  /** What DL4J's own {@code instantiate} does for a convolution layer, for {@code runtime} of {@code layer}. */
  static Layer attach(ConvolutionLayer layer, org.deeplearning4j.nn.layers.convolution.ConvolutionLayer runtime,
                      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index, INDArray params,
                      boolean initialize) {
    LayerValidation.assertNInNOutSet(layer.getClass().getSimpleName(), layer.getLayerName(), index, layer.getNIn(),
        layer.getNOut());
    runtime.setListeners(listeners);
    runtime.setIndex(index);
    runtime.setParamsViewArray(params);
    runtime.setParamTable(layer.initializer().init(conf, params, initialize));
    runtime.setConf(conf);
    return runtime;
  }

  static UnsupportedOperationException noTraining(String layer) {
    return new UnsupportedOperationException(layer + " is an inference-only layer of a ported TF.js graph; "
        + "train with DL4J's own layers");
  }
}
