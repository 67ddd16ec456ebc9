package io.facespark.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.model.InputSpec;
import io.facespark.core.model.InputSpec.ChannelOrder;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** FaceCrop on a real LFW JPEG decoded by the pipeline's decoder (BGR Mat). */
class FaceCropTest {

  private static final InputSpec RGB150 = new InputSpec(150, 150, ChannelOrder.RGB);

  private Mat image;
  private UByteIndexer pixels;

  @BeforeEach
  void decode() throws Exception {
    image = new ImageDecoder().decode(Files.readAllBytes(TestData.lfwImage("George_W_Bush", 1)));
    pixels = image.createIndexer();
  }

  @AfterEach
  void release() {
    pixels.close();
    image.close();
  }

  @Test
  void aOneToOneBoxPassesPixelsThroughInRgbOrder() {
    INDArray chip = FaceCrop.relative(0.2, 0.2, 0.6, 0.6).extract(image, FaceLocation.WHOLE_IMAGE, RGB150);

    assertThat(chip.shape()).as("chip shape").containsExactly(1, 3, 150, 150);
    for (int[] p : new int[][] {{0, 0}, {10, 77}, {149, 149}, {75, 3}}) {
      int y = p[0];
      int x = p[1];
      // 0.2 * 250 = 50 and 0.6 * 250 = 150: a 1:1 crop, so pixels come through untouched.
      assertThat(chip.getFloat(0, 0, y, x)).as("R at %d,%d", y, x).isEqualTo((float) pixels.get(50 + y, 50 + x, 2));
      assertThat(chip.getFloat(0, 1, y, x)).as("G at %d,%d", y, x).isEqualTo((float) pixels.get(50 + y, 50 + x, 1));
      assertThat(chip.getFloat(0, 2, y, x)).as("B at %d,%d", y, x).isEqualTo((float) pixels.get(50 + y, 50 + x, 0));
    }
  }

  @Test
  void keepsBgrWhenTheModelWantsBgr() {
    INDArray chip = FaceCrop.relative(0.2, 0.2, 0.6, 0.6).extract(image, FaceLocation.WHOLE_IMAGE,
        new InputSpec(150, 150, ChannelOrder.BGR));
    assertThat(chip.getFloat(0, 0, 20, 30)).as("B plane first").isEqualTo((float) pixels.get(70, 80, 0));
    assertThat(chip.getFloat(0, 2, 20, 30)).as("R plane last").isEqualTo((float) pixels.get(70, 80, 2));
  }

  @Test
  void halvingAveragesEachTwoByTwoBlock() {
    // The whole 250x250 image into 125x125: with half-pixel centres every output pixel is the
    // mean of one 2x2 block.
    INDArray chip = FaceCrop.relative(0, 0, 1, 1).extract(image, FaceLocation.WHOLE_IMAGE,
        new InputSpec(125, 125, ChannelOrder.BGR));
    for (int[] p : new int[][] {{0, 0}, {40, 61}, {124, 124}}) {
      int y = p[0];
      int x = p[1];
      for (int c = 0; c < 3; c++) {
        double mean = (pixels.get(2 * y, 2 * x, c) + pixels.get(2 * y, 2 * x + 1, c)
            + pixels.get(2 * y + 1, 2 * x, c) + pixels.get(2 * y + 1, 2 * x + 1, c)) / 4.0;
        assertThat((double) chip.getFloat(0, c, y, x)).as("channel %d at %d,%d", c, y, x).isCloseTo(mean, within(1e-4));
      }
    }
  }

  @Test
  void upscalingInterpolatesBetweenNeighbours() {
    // 0.5 px steps: a 75x75 box blown up to 150x150. Output pixel 2k+1 sits a quarter pixel right of
    // source pixel k: value = 0.75 * src[k] + 0.25 * src[k + 1] (rows likewise).
    INDArray chip = FaceCrop.relative(0.4, 0.4, 0.3, 0.3).extract(image, FaceLocation.WHOLE_IMAGE, RGB150);
    int y = 40;
    int x = 21;
    double row0 = 0.75 * pixels.get(100 + 20, 100 + 10, 1) + 0.25 * pixels.get(100 + 20, 100 + 11, 1);
    double row1 = 0.75 * pixels.get(100 + 20 + 1, 100 + 10, 1) + 0.25 * pixels.get(100 + 20 + 1, 100 + 11, 1);
    // y = 40 is even: a quarter pixel *above* source row 20, i.e. 0.25 * row 19 + 0.75 * row 20.
    double rowMinus = 0.75 * pixels.get(100 + 19, 100 + 10, 1) + 0.25 * pixels.get(100 + 19, 100 + 11, 1);
    assertThat((double) chip.getFloat(0, 1, y, x)).as("G at %d,%d", y, x)
        .isCloseTo(0.25 * rowMinus + 0.75 * row0, within(1e-3));
    assertThat((double) chip.getFloat(0, 1, y + 1, x)).as("G at %d,%d", y + 1, x)
        .isCloseTo(0.75 * row0 + 0.25 * row1, within(1e-3));
  }

  @Test
  void aDetectorBoxOverridesTheConfiguredFractions() {
    FaceLocation face = new FaceLocation(20, 30, 150, 150, 0.9f);
    INDArray chip = FaceCrop.lfwDeepFunneled().extract(image, face, RGB150);
    assertThat(chip.getFloat(0, 0, 5, 6)).as("R at box origin + (5,6)").isEqualTo((float) pixels.get(35, 26, 2));
  }

  @Test
  void boxesPastTheEdgeRepeatTheEdgePixel() {
    FaceLocation face = new FaceLocation(-50, 200, 150, 150, 0.9f);
    INDArray chip = FaceCrop.lfwDeepFunneled().extract(image, face, RGB150);
    assertThat(chip.getFloat(0, 1, 149, 0)).as("G beyond the bottom-left corner").isEqualTo((float) pixels.get(249, 0, 1));
  }

  @Test
  void tensorImagesCropLikeMats() {
    INDArray rgb = RgbImages.read(TestData.lfwImage("George_W_Bush", 1));
    INDArray chip = FaceCrop.relative(0.1, 0.3, 0.5, 0.4).crop(rgb, ChannelOrder.RGB, RGB150);
    INDArray viaBgr = FaceCrop.relative(0.1, 0.3, 0.5, 0.4).crop(reverseChannels(rgb), ChannelOrder.BGR, RGB150);
    assertThat(chip.shape()).as("chip shape").containsExactly(1, 3, 150, 150);
    assertThat(viaBgr.equals(chip)).as("BGR input with BGR declared gives the same RGB chip").isTrue();
  }

  @Test
  void badInputsAreRejected() {
    assertThatThrownBy(() -> FaceCrop.relative(0, 0, 0, 1)).as("zero width").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaceCrop.lfwDeepFunneled().extract(new Mat(), FaceLocation.WHOLE_IMAGE, RGB150))
        .as("empty Mat").hasMessageContaining("empty");
    assertThatThrownBy(() -> FaceCrop.lfwDeepFunneled().crop(org.nd4j.linalg.factory.Nd4j.zeros(2, 3, 9, 9),
        ChannelOrder.RGB, RGB150)).as("a batch, not one image").hasMessageContaining("[2, 3, 9, 9]");
    assertThatThrownBy(() -> FaceCrop.lfwDeepFunneled().extract(image, new FaceLocation(0, 0, 0, 10, 0.5f), RGB150))
        .as("detector box without area").hasMessageContaining("no area");
  }

  private static INDArray reverseChannels(INDArray chw) {
    return org.nd4j.linalg.factory.Nd4j.concat(1, chw.get(all(), point(2)), chw.get(all(), point(1)),
        chw.get(all(), point(0))).reshape(chw.shape());
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex all() {
    return org.nd4j.linalg.indexing.NDArrayIndex.all();
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex point(int i) {
    return org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1);
  }
}
