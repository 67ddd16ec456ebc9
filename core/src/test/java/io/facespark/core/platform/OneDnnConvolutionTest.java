package io.facespark.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;

/**
 * Guards the 5x convolution speed: fails if a dependency bump or a lost shim sends DL4J's
 * convolutions back to the im2col path.
 */
class OneDnnConvolutionTest {

  @Test
  void nativeLibraryIsTheOneDnnBuild() {
    assertThat(OneDnnConvolution.nativeOneDnnAvailable())
        .as("nd4j-native on the classpath must be the linux-x86_64-onednn build")
        .isTrue();
  }

  @Test
  void convolutionLayersGetTheOneDnnHelper() {
    OneDnnConvolution.enable();

    LayerHelper helper = OneDnnConvolution.probeConvolutionHelper();

    assertThat(helper).as("helper DL4J attached to a new convolution layer").isInstanceOf(MKLDNNConvHelper.class);
    assertThat(OneDnnConvolution.active()).isTrue();
  }

  @Test
  void explicitOptOutIsRespectedAndDetected() {
    String before = System.getProperty(OneDnnConvolution.HELPERS_DISABLE_PROPERTY);
    try {
      System.setProperty(OneDnnConvolution.HELPERS_DISABLE_PROPERTY, "true");
      OneDnnConvolution.enable();

      assertThat(OneDnnConvolution.probeConvolutionHelper()).as("helper with helpers disabled").isNull();
      assertThat(OneDnnConvolution.active()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty(OneDnnConvolution.HELPERS_DISABLE_PROPERTY);
      } else {
        System.setProperty(OneDnnConvolution.HELPERS_DISABLE_PROPERTY, before);
      }
    }
  }
}
