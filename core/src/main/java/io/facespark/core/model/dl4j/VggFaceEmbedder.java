package io.facespark.core.model.dl4j;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.platform.OneDnnConvolution;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The seed model: DL4J's zoo VGG16 with VGGFACE weights ({@code vgg16_dl4j_vggface_inference.v1.zip}),
 * loaded from a zip the user already has; nothing is downloaded at job time.
 *
 * <p>Preprocessing, and why. The zoo's VGG16 Javadoc says its VGGFace weights were converted from
 * rcmalli/keras-vggface; that project's {@code preprocess_input(version=1)} for VGG16 flips RGB to
 * BGR and subtracts the VGG-Face training means B 93.5940, G 104.7624, R 129.1863 (the original
 * Caffe model's convention), with no scaling. So the input is BGR, 224x224, 0..255, and those means
 * are subtracted. DL4J's own {@code VGG16ImagePreProcessor} also expects BGR but subtracts the
 * <em>ImageNet</em> means (103.939, 116.779, 123.68), which belong to the ImageNet weights; using
 * them here would shift every channel by 10-20 levels from what the face weights were trained on.
 * BGR is also what datavec's NativeImageLoader decodes, so no channel swap is needed upstream.
 *
 * <p>Version: {@code vggface-<layer>-<first 8 hex of SHA-256 of weights and configuration>}.
 */
public final class VggFaceEmbedder {

  public static final String MODEL_NAME = "vggface";
  public static final InputSpec INPUT = new InputSpec(224, 224, InputSpec.ChannelOrder.BGR);
  /** VGG-Face means in BGR order, from keras-vggface {@code preprocess_input(version=1)}. */
  public static final PixelNormalisation NORMALISATION =
      new PixelNormalisation(new double[] {93.5940, 104.7624, 129.1863}, new double[] {1, 1, 1});

  private VggFaceEmbedder() {
  }

  /** Restores the graph from the zip's bytes and taps {@code layer}. */
  public static FaceEmbedder open(Dl4jZip zip, VggFaceLayer layer) {
    if (zip.kind() != Dl4jZip.NetworkKind.GRAPH) {
      throw new IllegalArgumentException(zip.origin() + " holds a MultiLayerNetwork, but the zoo VGG16 is a"
          + " ComputationGraph. Fix: point vggface: at vgg16_dl4j_vggface_inference.v1.zip, or use dl4j:<zip>"
          + " with a sidecar for other models.");
    }
    OneDnnConvolution.enable();
    ComputationGraph graph = (ComputationGraph) zip.restore();
    try {
      String vertex = layer.locate(graph, zip.origin());
      String version = MODEL_NAME + "-" + layer.label() + "-" + zip.weightsSha256().substring(0, 8);
      return new Dl4jModelEmbedder(new GraphLayerTap(graph, vertex, zip.origin()), INPUT, NORMALISATION,
          MODEL_NAME, version, zip.origin());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }
}
