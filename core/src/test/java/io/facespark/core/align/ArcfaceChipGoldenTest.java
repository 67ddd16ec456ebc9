package io.facespark.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.image.RgbImages;
import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The arcface chip against insightface's own recipe ({@code face_align.norm_crop}: skimage's
 * Umeyama {@code SimilarityTransform.estimate} onto {@code arcface_dst}, then
 * {@code cv2.warpAffine} bilinear with a black border), run by
 * {@code core/src/test/golden/generate-arcface-chip.py} on real LFW images: the same matrix, and
 * the same pixels up to the JPEG decoders' rounding (OpenCV 4.5.5 here, Debian's 4.6.0 there). So the
 * similarity fit (ours is the closed-form 2-D least squares, which is what Umeyama's method gives
 * for a proper rotation), the sampling (bilinear), the pixel-centre convention and the channel
 * order are insightface's; what differs from insightface is only where the five points come from.
 */
class ArcfaceChipGoldenTest {

  private static final InputSpec ARCFACE_112 = new InputSpec(112, 112, InputSpec.ChannelOrder.RGB, ChipStyle.ARCFACE);

  @Test
  void fitAndWarpMatchInsightfacesNormCrop() throws Exception {
    Path dir = Paths.get(ArcfaceChipGoldenTest.class.getResource("/golden/arcface/arcface-chips.json").toURI()).getParent();
    JsonNode fixture = new ObjectMapper().readTree(dir.resolve("arcface-chips.json").toFile());
    assertThat(fixture.get("cases")).as("reference cases").hasSize(2);
    for (JsonNode entry : fixture.get("cases")) {
      String name = entry.get("name").asText();
      double[] five = new double[10];
      for (int i = 0; i < 10; i++) {
        five[i] = entry.get("points").get(i / 2).get(i % 2).asDouble();
      }
      FaceLocation face = AlignerTest.faceWithPoints(five);

      double[] ours = Aligner.dlib().transform(face, ARCFACE_112).toAffineRows();
      for (int i = 0; i < 6; i++) {
        // skimage fits to arcface_dst as float32; the template here is the decimal text: 1e-5 apart at most.
        assertThat(ours[i]).as("%s: matrix entry %d", name, i).isCloseTo(entry.get("matrix").get(i).asDouble(), within(1e-4));
      }

      byte[] jpeg = Files.readAllBytes(TestData.lfwDir().resolve("lfw-deepfunneled").resolve(entry.get("image").asText()));
      INDArray chip;
      try (Mat image = new ImageDecoder().decode(jpeg)) {
        chip = Aligner.dlib().extract(image, face, ARCFACE_112);
      }
      INDArray reference = RgbImages.read(dir.resolve(entry.get("chip").asText()));
      INDArray diff = Transforms.abs(chip.sub(reference));
      double meanDiff = diff.meanNumber().doubleValue();
      double maxDiff = diff.maxNumber().doubleValue();
      System.out.printf("%s: chip vs insightface's norm_crop: mean |diff| %.3f, max %.0f (0-255)%n", name, meanDiff, maxDiff);
      // Measured: mean 0.000, max 1 (JPEG decoder rounding). The same warp with bicubic sampling is
      // mean 0.4-0.5 / max 9-21 away from the reference, a half-pixel shift 3 / 49-110, BGR order 27 / 94-107.
      assertThat(meanDiff).as("%s: mean pixel difference", name).isLessThan(0.1);
      assertThat(maxDiff).as("%s: largest pixel difference", name).isLessThanOrEqualTo(3);
    }
  }
}
