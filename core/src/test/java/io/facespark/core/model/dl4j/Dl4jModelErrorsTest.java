package io.facespark.core.model.dl4j;

import static io.facespark.core.model.dl4j.SmallNetworks.HEIGHT;
import static io.facespark.core.model.dl4j.SmallNetworks.WIDTH;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every way a DL4J model, its sidecar or a batch can be wrong: each fails naming what and where. */
class Dl4jModelErrorsTest {

  @TempDir
  static Path dir;

  private static Path graphZip;
  private static Path multiLayerZip;
  private static FaceEmbedder embedder;

  @BeforeAll
  static void saveNetworks() {
    graphZip = SmallNetworks.save(SmallNetworks.graph(3), dir.resolve("graph.zip"));
    SmallNetworks.sidecar(graphZip, sidecar(HEIGHT, WIDTH, "\"embedding\""));
    multiLayerZip = SmallNetworks.save(SmallNetworks.multiLayer(3), dir.resolve("mln.zip"));
    embedder = Dl4jModelBytes.read(graphZip).open();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private static String sidecar(int height, int width, String layer) {
    return SmallNetworks.sidecarJson("tiny", height, width, "RGB", "[0, 0, 0]", "1", layer);
  }

  private Path copyOfGraphWithSidecar(Path target, String sidecarJson) throws IOException {
    Path zip = Files.copy(graphZip, target);
    SmallNetworks.sidecar(zip, sidecarJson);
    return zip;
  }

  @Test
  void missingSidecarNamesTheExpectedPathAndGivesAnExample() {
    String expected = multiLayerZip + ".facespark.json";

    assertThatThrownBy(() -> ModelSpec.parse("dl4j:" + multiLayerZip))
        .as("checked when the spec is parsed")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected).hasMessageContaining("does not exist").hasMessageContaining("embeddingLayer");
    assertThatThrownBy(() -> Dl4jModelBytes.read(multiLayerZip))
        .as("and again when the bytes are read")
        .hasMessageContaining(expected).hasMessageContaining("embeddingLayer");
  }

  @Test
  void wrongLayerNameListsTheGraphsVertices(@TempDir Path other) throws IOException {
    Path zip = copyOfGraphWithSidecar(other.resolve("g.zip"), sidecar(HEIGHT, WIDTH, "\"fc7\""));
    Dl4jModelBytes bytes = Dl4jModelBytes.read(zip);

    assertThatThrownBy(bytes::open)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"fc7\"").hasMessageContaining(zip.toString())
        .hasMessageContaining("[conv, embedding, out, pool]");
  }

  @Test
  void layerNameForAMultiLayerNetworkAsksForAnIndex(@TempDir Path other) throws IOException {
    Path zip = Files.copy(multiLayerZip, other.resolve("m.zip"));
    SmallNetworks.sidecar(zip, sidecar(HEIGHT, WIDTH, "\"dense\""));

    assertThatThrownBy(() -> Dl4jModelBytes.read(zip).open())
        .hasMessageContaining("MultiLayerNetwork").hasMessageContaining("layer index 0..3")
        .hasMessageContaining("\"dense\"");
  }

  @Test
  void layerIndexOutOfRangeSaysTheRange(@TempDir Path other) throws IOException {
    Path zip = Files.copy(multiLayerZip, other.resolve("m.zip"));
    SmallNetworks.sidecar(zip, sidecar(HEIGHT, WIDTH, "9"));

    assertThatThrownBy(() -> Dl4jModelBytes.read(zip).open())
        .hasMessageContaining("layer index 9").hasMessageContaining("4 layers").hasMessageContaining(zip.toString());
  }

  @Test
  void sidecarInputSizeTheNetworkCannotTakeFailsAtOpen(@TempDir Path other) throws IOException {
    // The dense layer's input width is fixed by the training size, so 40x40 cannot flow through.
    Path zip = copyOfGraphWithSidecar(other.resolve("g.zip"), sidecar(40, 40, "\"embedding\""));

    assertThatThrownBy(() -> Dl4jModelBytes.read(zip).open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot take a 3x40x40 image").hasMessageContaining(zip.toString())
        .hasMessageContaining("input.height/width");
  }

  @Test
  void truncatedZipIsCaughtWhenRead(@TempDir Path other) throws IOException {
    byte[] whole = Files.readAllBytes(graphZip);
    Path cut = Files.write(other.resolve("cut.zip"), Arrays.copyOf(whole, whole.length * 2 / 3));
    SmallNetworks.sidecar(cut, sidecar(HEIGHT, WIDTH, "\"embedding\""));
    Path justTheCentralDirectoryMissing = Files.write(other.resolve("cd.zip"), Arrays.copyOf(whole, whole.length - 30));

    assertThatThrownBy(() -> Dl4jModelBytes.read(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Dl4jZip.read(justTheCentralDirectoryMissing))
        .as("entries intact, end record cut").hasMessageContaining("truncated");
  }

  @Test
  void zipWithoutModelEntriesIsNotADl4jModel(@TempDir Path other) throws IOException {
    Path zip = other.resolve("photos.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("readme.txt"));
      out.write("not a model".getBytes());
      out.closeEntry();
    }

    assertThatThrownBy(() -> Dl4jZip.read(zip))
        .hasMessageContaining(zip.toString()).hasMessageContaining("configuration.json")
        .hasMessageContaining("ModelSerializer");
  }

  @Test
  void batchOfTheWrongSizeNamesBothShapes() {
    INDArray transposed = SmallNetworks.pixels(1, 2, WIDTH, HEIGHT);

    assertThatThrownBy(() -> embedder.embed(transposed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 3, 24, 20]").hasMessageContaining("[n, 3, 20, 24]")
        .hasMessageContaining(embedder.modelVersion());
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 3, HEIGHT, WIDTH)))
        .as("rank 3").hasMessageContaining("[3, 20, 24]");
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 2, 1, HEIGHT, WIDTH)))
        .as("grey").hasMessageContaining("[2, 1, 20, 24]");
  }

  @Test
  void emptyBatchIsRejected() {
    assertThatThrownBy(() -> embedder.embed(Nd4j.zeros(DataType.FLOAT, 0, 3, HEIGHT, WIDTH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty batch");
    assertThatThrownBy(() -> embedder.embed(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonFinitePixelsNameTheImage() {
    INDArray nan = SmallNetworks.pixels(4, 3, HEIGHT, WIDTH);
    nan.putScalar(new long[] {1, 2, 5, 7}, Float.NaN);
    INDArray infinite = SmallNetworks.pixels(4, 3, HEIGHT, WIDTH);
    infinite.putScalar(new long[] {2, 0, 0, 0}, Float.POSITIVE_INFINITY);

    assertThatThrownBy(() -> embedder.embed(nan))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image 1 ").hasMessageContaining("NaN");
    assertThatThrownBy(() -> embedder.embed(infinite)).hasMessageContaining("image 2 ");
  }
}
