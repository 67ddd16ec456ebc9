package io.facespark.core.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.platform.OneDnnConvolution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.model.VGG16;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VGGFace loading path, exercised with DL4J's zoo VGG16 graph (the same graph the VGGFACE zip
 * holds) initialised with <b>random weights</b> and saved in the same zip format: the real
 * {@code vgg16_dl4j_vggface_inference.v1.zip} is not on this machine and is never downloaded. So
 * this checks loading, layer choice, shapes, normalisation of rows and versioning, not face
 * accuracy. Each network is ~138M parameters (~550 MB zip): built once, for the whole class.
 */
class VggFaceEmbedderRandomWeightsTest {

  @TempDir
  static Path dir;

  private static final INDArray FACES = SmallNetworks.pixels(11, 2, 224, 224);
  // VGG-Face BGR means: what the embedder must subtract, written out independently here.
  private static final double[] VGGFACE_MEAN_BGR = {93.5940, 104.7624, 129.1863};

  private static Path zipA;
  private static Path zipB;
  private static float[][] pool5Reference;
  private static float[][] fc7Reference;
  private static FaceEmbedder pool5A;

  @BeforeAll
  static void saveTwoRandomVgg16s() throws IOException {
    OneDnnConvolution.enable();
    zipA = dir.resolve("vgg16_random_a.zip");
    ComputationGraph graph = randomVgg16(1);
    try {
      // The zoo names VGG16's vertices by number: 17 is the last max-pool, 19 the second dense layer.
      Map<String, INDArray> activations = graph.feedForward(
          SmallNetworks.normalised(FACES, VGGFACE_MEAN_BGR, new double[] {1, 1, 1}), false);
      pool5Reference = SmallNetworks.unitRows(activations.get("17").reshape('c', 2, 25088));
      fc7Reference = SmallNetworks.unitRows(activations.get("19"));
      graph.save(zipA.toFile(), false);
    } finally {
      graph.close();
    }
    zipB = dir.resolve("vgg16_random_b.zip");
    graph = randomVgg16(2);
    try {
      graph.save(zipB.toFile(), false);
    } finally {
      graph.close();
    }
    pool5A = FaceEmbedders.open(ModelSpec.parse("vggface:" + zipA), TestTimeAugmentation.NONE);
  }

  @AfterAll
  static void release() {
    if (pool5A != null) {
      pool5A.close();
    }
  }

  private static ComputationGraph randomVgg16(long seed) {
    // 2622 classes, as the VGG-Face head; only the layers before it are read.
    return VGG16.builder().seed(seed).numClasses(2622).build().init();
  }

  @Test
  void pool5GivesFlattened25088dUnitRowsDeterministically() {
    FaceEmbedder embedder = pool5A;
    float[][] rows = embedder.embed(FACES);

    assertThat(embedder.inputSpec()).isEqualTo(new InputSpec(224, 224, InputSpec.ChannelOrder.BGR));
    assertThat(embedder.dimension()).as("512 x 7 x 7").isEqualTo(25088);
    assertThat(embedder.modelName()).isEqualTo("vggface");
    assertThat(embedder.modelVersion()).matches("vggface-pool5-[0-9a-f]{8}");
    assertThat(rows).hasNumberOfRows(2);
    assertThat(rows[0]).hasSize(25088);
    assertThat(SmallNetworks.norm(rows[0])).as("row 0 norm").isCloseTo(1.0, within(1e-5));
    assertThat(SmallNetworks.norm(rows[1])).as("row 1 norm").isCloseTo(1.0, within(1e-5));
    assertThat(rows[0]).as("different faces, different embeddings").isNotEqualTo(rows[1]);
    for (int i = 0; i < 2; i++) {
      assertThat(rows[i]).as("row %d vs the zoo graph's vertex 17 on mean-subtracted BGR", i)
          .usingComparatorWithPrecision(1e-5f).containsExactly(pool5Reference[i]);
    }
    assertThat(embedder.embed(FACES)).as("deterministic").isDeepEqualTo(rows);
    assertThatThrownBy(() -> embedder.embed(SmallNetworks.pixels(1, 1, 150, 150)))
        .as("a facerec-sized crop").hasMessageContaining("[n, 3, 224, 224]");
  }

  @Test
  void fc7Gives4096dUnitRowsFromTheSameWeights() {
    try (FaceEmbedder fc7 = FaceEmbedders.open(ModelSpec.parse("vggface:" + zipA + "#fc7"), TestTimeAugmentation.NONE)) {
      float[][] rows = fc7.embed(FACES);

      assertThat(fc7.dimension()).isEqualTo(4096);
      assertThat(rows[0]).hasSize(4096);
      assertThat(SmallNetworks.norm(rows[0])).isCloseTo(1.0, within(1e-5));
      assertThat(SmallNetworks.norm(rows[1])).isCloseTo(1.0, within(1e-5));
      for (int i = 0; i < 2; i++) {
        assertThat(rows[i]).as("row %d vs the zoo graph's vertex 19", i)
            .usingComparatorWithPrecision(1e-5f).containsExactly(fc7Reference[i]);
      }
      assertThat(fc7.modelVersion()).as("same weights hash, other layer")
          .isEqualTo(pool5A.modelVersion().replace("-pool5-", "-fc7-"));
    }
  }

  @Test
  void otherRandomWeightsGiveAnotherVersionAndOtherEmbeddings() {
    FaceEmbedder a = pool5A;
    try (FaceEmbedder b = FaceEmbedders.open(ModelSpec.parse("vggface:" + zipB + "#pool5"), TestTimeAugmentation.NONE)) {
      assertThat(b.modelVersion()).matches("vggface-pool5-[0-9a-f]{8}").isNotEqualTo(a.modelVersion());
      assertThat(b.embed(FACES)[0]).isNotEqualTo(a.embed(FACES)[0]);
    }
  }
}
