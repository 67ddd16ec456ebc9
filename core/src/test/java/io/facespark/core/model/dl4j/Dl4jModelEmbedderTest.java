package io.facespark.core.model.dl4j;

import static io.facespark.core.model.dl4j.SmallNetworks.EMBEDDING;
import static io.facespark.core.model.dl4j.SmallNetworks.HEIGHT;
import static io.facespark.core.model.dl4j.SmallNetworks.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Any DL4J zip plus sidecar, with small real networks built and saved by the test. */
class Dl4jModelEmbedderTest {

  private static final double[] MEAN = {120, 110, 100};
  private static final double[] SCALE = {1 / 64.0, 1 / 64.0, 1 / 64.0};
  private static final String MEAN_JSON = "[120, 110, 100]";
  private static final String SCALE_JSON = "0.015625";

  @TempDir
  static Path dir;

  private static ComputationGraph graph;
  private static MultiLayerNetwork multiLayer;
  private static Path graphZip;
  private static Path multiLayerZip;

  @BeforeAll
  static void saveNetworks() {
    graph = SmallNetworks.graph(7);
    multiLayer = SmallNetworks.multiLayer(7);
    graphZip = SmallNetworks.save(graph, dir.resolve("graph.zip"));
    SmallNetworks.sidecar(graphZip, SmallNetworks.sidecarJson("tinyface", HEIGHT, WIDTH, "RGB", MEAN_JSON,
        SCALE_JSON, "\"embedding\""));
    multiLayerZip = SmallNetworks.save(multiLayer, dir.resolve("mln.zip"));
    SmallNetworks.sidecar(multiLayerZip, SmallNetworks.sidecarJson("tinymln", HEIGHT, WIDTH, "BGR", MEAN_JSON,
        "[0.015625, 0.015625, 0.015625]", "2"));
  }

  @Test
  void graphEmbeddingIsTheNamedLayersActivationOfTheNormalisedPixelsScaledToUnitLength() {
    INDArray pixels = SmallNetworks.pixels(1, 3, HEIGHT, WIDTH);
    float[][] expected = SmallNetworks.unitRows(
        graph.feedForward(SmallNetworks.normalised(pixels, MEAN, SCALE), false).get("embedding"));

    try (FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.parse("dl4j:" + graphZip), TestTimeAugmentation.NONE)) {
      float[][] rows = embedder.embed(pixels);

      assertThat(embedder.dimension()).as("dimension = width of the sidecar's layer").isEqualTo(EMBEDDING);
      assertThat(embedder.inputSpec()).isEqualTo(new InputSpec(HEIGHT, WIDTH, InputSpec.ChannelOrder.RGB));
      assertThat(embedder.modelName()).isEqualTo("tinyface");
      assertThat(embedder.modelVersion()).as("name-layer-hash").matches("tinyface-embedding-[0-9a-f]{8}");
      assertThat(rows).hasNumberOfRows(3);
      for (int i = 0; i < 3; i++) {
        assertThat(SmallNetworks.norm(rows[i])).as("L2 norm of row %d", i).isCloseTo(1.0, within(1e-5));
        for (int j = 0; j < EMBEDDING; j++) {
          assertThat(rows[i][j]).as("row %d element %d vs feedForward of the saved graph", i, j)
              .isCloseTo(expected[i][j], within(1e-4f));
        }
      }
      assertThat(embedder.embed(pixels)).as("same batch, same embeddings").isDeepEqualTo(rows);
      assertThat(pixels.getDouble(0, 0, 0, 0)).as("caller's batch is not normalised in place")
          .isEqualTo(SmallNetworks.pixels(1, 3, HEIGHT, WIDTH).getDouble(0, 0, 0, 0));
    }
  }

  @Test
  void multiLayerNetworkEmbeddingIsTheIndexedLayersActivation() {
    INDArray pixels = SmallNetworks.pixels(2, 2, HEIGHT, WIDTH);
    float[][] expected = SmallNetworks.unitRows(
        multiLayer.feedForwardToLayer(2, SmallNetworks.normalised(pixels, MEAN, SCALE), false).get(3));

    try (FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.parse("dl4j:" + multiLayerZip),
        TestTimeAugmentation.NONE)) {
      float[][] rows = embedder.embed(pixels);

      assertThat(embedder.inputSpec().channelOrder()).as("order from the sidecar").isEqualTo(InputSpec.ChannelOrder.BGR);
      assertThat(embedder.modelVersion()).matches("tinymln-layer2-[0-9a-f]{8}");
      for (int i = 0; i < 2; i++) {
        assertThat(rows[i]).as("row %d", i).usingComparatorWithPrecision(1e-4f).containsExactly(expected[i]);
      }
    }
  }

  @Test
  void versionFollowsWeightsAndSettingsButNotZipTimestamps(@TempDir Path other) throws Exception {
    String version = versionOf(graphZip);

    Thread.sleep(2100); // zip entry times have 2 s resolution: make the re-save's bytes differ
    Path resaved = SmallNetworks.save(graph, other.resolve("again.zip"));
    Files.copy(Dl4jSidecar.pathFor(graphZip), Dl4jSidecar.pathFor(resaved));
    assertThat(Files.readAllBytes(resaved)).as("re-saved zip bytes differ").isNotEqualTo(Files.readAllBytes(graphZip));
    assertThat(versionOf(resaved)).as("same weights, same version").isEqualTo(version);

    Path otherWeights = SmallNetworks.save(SmallNetworks.graph(8), other.resolve("seed8.zip"));
    Files.copy(Dl4jSidecar.pathFor(graphZip), Dl4jSidecar.pathFor(otherWeights));
    assertThat(versionOf(otherWeights)).as("other weights").isNotEqualTo(version);

    Path otherMean = Files.copy(graphZip, other.resolve("mean.zip"));
    SmallNetworks.sidecar(otherMean, SmallNetworks.sidecarJson("tinyface", HEIGHT, WIDTH, "RGB", "[0, 0, 0]",
        SCALE_JSON, "\"embedding\""));
    assertThat(versionOf(otherMean)).as("other normalisation").isNotEqualTo(version);
  }

  @Test
  void sourceRebuildsTheSameEmbedderAfterJavaSerialisationWithoutTheFiles(@TempDir Path copyDir) throws Exception {
    Path zip = Files.copy(graphZip, copyDir.resolve("graph.zip"));
    Files.copy(Dl4jSidecar.pathFor(graphZip), Dl4jSidecar.pathFor(zip));
    EmbedderSource source = FaceEmbedders.source(ModelSpec.parse("dl4j:" + zip), TestTimeAugmentation.FLIP);
    INDArray pixels = SmallNetworks.pixels(3, 2, HEIGHT, WIDTH);
    float[][] onDriver;
    String driverVersion;
    try (FaceEmbedder embedder = source.open()) {
      onDriver = embedder.embed(pixels);
      driverVersion = embedder.modelVersion();
    }
    Files.delete(Dl4jSidecar.pathFor(zip));
    Files.delete(zip);

    EmbedderSource copy = roundTrip(source);

    assertThat(copy.sizeBytes()).as("the zip's bytes travel inside the source").isEqualTo(Files.size(graphZip));
    try (FaceEmbedder embedder = copy.open()) {
      assertThat(embedder.modelVersion()).as("flip TTA is part of the version").isEqualTo(driverVersion)
          .endsWith("+flip");
      assertThat(embedder.embed(pixels)).as("executor copy embeds like the driver").isDeepEqualTo(onDriver);
    }
  }

  private static EmbedderSource roundTrip(EmbedderSource source) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(source);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (EmbedderSource) in.readObject();
    }
  }

  private static String versionOf(Path zip) {
    try (FaceEmbedder embedder = Dl4jModelBytes.read(zip).open()) {
      return embedder.modelVersion();
    }
  }
}
