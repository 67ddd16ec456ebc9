package io.facespark.core.platform;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns on DL4J's oneDNN convolution helpers, which DL4J 1.0.0-M2/M2.1 leaves off twice over.
 *
 * <p>Why this exists (a workaround for a library bug, not a design): (1) DL4J creates layer
 * helpers only when the system property {@value #HELPERS_DISABLE_PROPERTY} is {@code false}, and it
 * defaults to {@code true}; (2) even then, its oneDNN check looks for ND4J's environment under a
 * class name ND4J no longer has, so it silently falls back to im2col. The shim
 * {@link org.nd4j.nativeblas.Nd4jCpu} restores the old name; this class sets the property.
 * Measured here: about 5x faster single-thread convolutions, outputs equal to the slow path within
 * about 1e-6. It needs the {@code nd4j-native} {@code linux-x86_64-onednn} build on the classpath.
 *
 * <p>Call {@link #enable()} before any network is created (helpers are chosen when a layer is
 * instantiated). It is idempotent and cheap.
 */
public final class OneDnnConvolution {

  public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private OneDnnConvolution() {
  }

  /** Lets DL4J create native layer helpers, unless the user explicitly asked for them off. */
  public static void enable() {
    if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
      System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
    }
  }

  /** Whether the native library in use was built with oneDNN and has it switched on. */
  public static boolean nativeOneDnnAvailable() {
    return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
  }

  /**
   * The helper DL4J actually attaches to a freshly built convolution layer, or {@code null} when
   * convolutions will take the slow built-in path. The ground truth for tests and {@code doctor}.
   */
  public static LayerHelper probeConvolutionHelper() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.FLOAT)
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.IDENTITY).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
            .activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(8, 8, 1))
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    Layer convolution = network.getLayer(0);
    return convolution.getHelper();
  }

  /** True when convolutions run through oneDNN. */
  public static boolean active() {
    LayerHelper helper = probeConvolutionHelper();
    return helper != null && helper.getClass().getSimpleName().startsWith("MKLDNN");
  }
}
