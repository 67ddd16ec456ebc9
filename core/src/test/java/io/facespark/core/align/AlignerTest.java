package io.facespark.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.FaceLocation;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Geometry only, no nets: synthetic images warped by known transforms. */
class AlignerTest {

  static final InputSpec RGB150 = new InputSpec(150, 150, InputSpec.ChannelOrder.RGB);

  @Test
  void templateHasDlibsNumbers() {
    double[] t = ChipTemplate.points(150, 150, 0.25);
    double[] expected = {47.549, 46.599, 100.476, 46.599, 74.013, 76.563, 50.415, 103.023, 97.610, 103.023};
    for (int i = 0; i < t.length; i++) {
      assertThat(t[i]).as("template value " + i).isCloseTo(expected[i], within(0.001));
    }
  }

  @Test
  void landmarksAtTheTemplateGiveTheIdentity() {
    FaceLocation face = faceWithPoints(ChipTemplate.points(150, 150, 0.25));
    SimilarityTransform t = Aligner.dlib().transform(face, 150, 150);
    // Landmarks travel as floats: exact to ~1e-5 px.
    assertThat(t.a()).isCloseTo(1, within(1e-6));
    assertThat(t.b()).isCloseTo(0, within(1e-6));
    assertThat(t.tx()).isCloseTo(0, within(1e-4));
    assertThat(t.ty()).isCloseTo(0, within(1e-4));
  }

  @Test
  void arcfaceChipsMapTheFivePointsOntoInsightfacesTemplate() {
    InputSpec arcface112 = new InputSpec(112, 112, InputSpec.ChannelOrder.RGB, io.facespark.core.model.ChipStyle.ARCFACE);
    double[] arcface = ChipTemplate.arcface(112, 112);
    assertThat(arcface).containsExactly(38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655,
        70.7299, 92.2041);
    // A face whose five points are the arcface template, scaled x3, rotated 10 degrees and shifted.
    SimilarityTransform place = SimilarityTransformTest.fromParts(3.0, Math.toRadians(10), 200, 40);
    FaceLocation face = faceWithPoints(SimilarityTransformTest.mapAll(place, arcface));

    SimilarityTransform toChip = Aligner.dlib().transform(face, arcface112);

    double[] mapped = SimilarityTransformTest.mapAll(toChip, ChipTemplate.fromLandmarks68(face.landmarks()));
    for (int i = 0; i < mapped.length; i++) {
      assertThat(mapped[i]).as("point value %d in the chip", i).isCloseTo(arcface[i], within(1e-3));
    }
    assertThat(Aligner.dlib().transform(face, RGB150).scale()).as("a dlib chip of the same face differs")
        .isNotCloseTo(toChip.scale(), within(0.01));
  }

  @Test
  void recoversAKnownWarpAndCutsTheSameChip() {
    // A textured image with a "face" whose five points sit at the template scaled x2 and shifted.
    Mat image = texture(400, 360, 3);
    double[] template = ChipTemplate.points(150, 150, 0.25);
    SimilarityTransform place = SimilarityTransformTest.fromParts(2.0, 0, 50, 30);
    double[] points = SimilarityTransformTest.mapAll(place, template);
    FaceLocation face = faceWithPoints(points);

    // Warp the whole image by a known similarity (rotate 25 degrees, scale 0.8, shift), and its points.
    SimilarityTransform warp = SimilarityTransformTest.fromParts(0.8, Math.toRadians(25), 120, -20);
    Mat warped = warp(image, warp, 500, 420);
    FaceLocation warpedFace = faceWithPoints(SimilarityTransformTest.mapAll(warp, points));

    Aligner aligner = Aligner.dlib();
    SimilarityTransform recovered = aligner.transform(warpedFace, 150, 150);
    // image -> chip is place^-1; warped image -> chip must be place^-1 o warp^-1: scale 1/(2*0.8), angle -25.
    assertThat(recovered.scale()).as("recovered scale").isCloseTo(1 / 1.6, within(1e-6));
    assertThat(Math.toDegrees(recovered.angle())).as("recovered angle").isCloseTo(-25, within(1e-4));
    assertThat(recovered.rmsError(SimilarityTransformTest.mapAll(warp, points), template)).isLessThan(1e-4);

    INDArray direct = aligner.extract(image, face, RGB150);
    INDArray viaWarp = aligner.extract(warped, warpedFace, RGB150);
    assertThat(direct.shape()).containsExactly(1, 3, 150, 150);
    double meanAbs = direct.sub(viaWarp).amean().getDouble(0);
    // Two bilinear resamplings of a smooth texture: equal up to interpolation blur.
    assertThat(meanAbs).as("mean abs difference of the two chips (0..255)").isLessThan(4);
    image.close();
    warped.close();
  }

  @Test
  void bigFacesAreBoxFilteredNotAliased() {
    // A 1-px checkerboard seen at 1/4 scale: a box filter gives flat grey, plain bilinear moire.
    Mat checker = new Mat(800, 800, opencv_core.CV_8UC3);
    byte[] bytes = new byte[800 * 800 * 3];
    for (int y = 0; y < 800; y++) {
      for (int x = 0; x < 800; x++) {
        byte v = (byte) (((x + y) & 1) == 0 ? 0 : 255);
        bytes[(y * 800 + x) * 3] = v;
        bytes[(y * 800 + x) * 3 + 1] = v;
        bytes[(y * 800 + x) * 3 + 2] = v;
      }
    }
    checker.data().put(bytes);
    FaceLocation face = faceWithPoints(SimilarityTransformTest.mapAll(
        SimilarityTransformTest.fromParts(4.1, Math.toRadians(7), 60, 50), ChipTemplate.points(150, 150, 0.25)));
    INDArray chip = Aligner.dlib().extract(checker, face, RGB150);
    double mean = chip.meanNumber().doubleValue();
    double std = chip.stdNumber().doubleValue();
    assertThat(mean).as("chip mean of a 50% checkerboard").isCloseTo(127.5, within(3.0));
    assertThat(std).as("chip standard deviation (moire if large)").isLessThan(12);
    checker.close();
  }

  @Test
  void aFourTimesLargerImageGivesTheSameChip() {
    Mat image = texture(300, 300, 5);
    FaceLocation face = faceWithPoints(SimilarityTransformTest.mapAll(
        SimilarityTransformTest.fromParts(1.3, Math.toRadians(-12), 40, 30), ChipTemplate.points(150, 150, 0.25)));
    SimilarityTransform four = SimilarityTransformTest.fromParts(4, 0, 1.5, 1.5); // pixel centres of a 4x upscale
    Mat large = new Mat();
    org.bytedeco.opencv.global.opencv_imgproc.resize(image, large, new Size(1200, 1200), 0, 0, INTER_LINEAR);
    double[] five = ChipTemplate.fromLandmarks68(face.landmarks());
    FaceLocation largeFace = faceWithPoints(SimilarityTransformTest.mapAll(four, five));
    INDArray small = Aligner.dlib().extract(image, face, RGB150);
    INDArray big = Aligner.dlib().extract(large, largeFace, RGB150);
    assertThat(small.sub(big).amean().getDouble(0)).as("mean abs difference (0..255)").isLessThan(3);
    image.close();
    large.close();
  }

  @Test
  void channelOrderFollowsTheSpec() {
    Mat image = new Mat(300, 300, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(10, 20, 30, 0));
    FaceLocation face = faceWithPoints(SimilarityTransformTest.mapAll(
        SimilarityTransformTest.fromParts(1.5, 0, 20, 20), ChipTemplate.points(150, 150, 0.25)));
    INDArray rgb = Aligner.dlib().extract(image, face, RGB150);
    INDArray bgr = Aligner.dlib().extract(image, face, new InputSpec(112, 96, InputSpec.ChannelOrder.BGR));
    assertThat(rgb.getFloat(0, 0, 75, 75)).isEqualTo(30f);
    assertThat(rgb.getFloat(0, 2, 75, 75)).isEqualTo(10f);
    assertThat(bgr.shape()).containsExactly(1, 3, 112, 96);
    assertThat(bgr.getFloat(0, 0, 56, 48)).isEqualTo(10f);
    image.close();
  }

  @Test
  void fiveLandmarksAreTheArcfacePointsThemselves() {
    InputSpec arcface112 = new InputSpec(112, 112, InputSpec.ChannelOrder.RGB, io.facespark.core.model.ChipStyle.ARCFACE);
    SimilarityTransform place = SimilarityTransformTest.fromParts(2.0, Math.toRadians(-15), 30, 90);
    double[] five = SimilarityTransformTest.mapAll(place, ChipTemplate.arcface(112, 112));
    float[] points = new float[five.length];
    for (int i = 0; i < five.length; i++) {
      points[i] = (float) five[i];
    }
    SimilarityTransform fromFive = Aligner.dlib().transform(new FaceLocation(0, 0, 1, 1, 1f, points), arcface112);
    SimilarityTransform from68 = Aligner.dlib().transform(faceWithPoints(five), arcface112);
    assertThat(fromFive.scale()).as("scale").isCloseTo(0.5, within(1e-6));
    assertThat(fromFive.angle()).as("angle").isCloseTo(Math.toRadians(15), within(1e-6));
    assertThat(new double[] {fromFive.a(), fromFive.b(), fromFive.tx(), fromFive.ty()}).as("same fit as the 68 points'")
        .containsExactly(new double[] {from68.a(), from68.b(), from68.tx(), from68.ty()}, within(1e-9));
  }

  @Test
  void aDlibChipFromFivePointsIsRefusedNamingTheFix() {
    FaceLocation five = new FaceLocation(0, 0, 1, 1, 1f, new float[] {30, 40, 70, 40, 50, 60, 35, 80, 65, 80});
    assertThatThrownBy(() -> Aligner.dlib().transform(five, RGB150))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("five arcface points").hasMessageContaining("--landmarks 68");
  }

  @Test
  void aFaceWithoutLandmarksIsAWiringError() {
    Mat image = texture(200, 200, 1);
    assertThatThrownBy(() -> Aligner.dlib().extract(image, new FaceLocation(10, 10, 50, 50, 0.9f), RGB150))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LandmarkedFaceLocator");
    image.close();
  }

  /** 68 landmarks whose five alignment points are {@code five}; the eyes' six points all at the centre. */
  static FaceLocation faceWithPoints(double[] five) {
    float[] landmarks = new float[136];
    for (int i = 36; i < 42; i++) {
      landmarks[2 * i] = (float) five[0];
      landmarks[2 * i + 1] = (float) five[1];
    }
    for (int i = 42; i < 48; i++) {
      landmarks[2 * i] = (float) five[2];
      landmarks[2 * i + 1] = (float) five[3];
    }
    int[] singles = {30, 48, 54};
    for (int k = 0; k < 3; k++) {
      landmarks[2 * singles[k]] = (float) five[4 + 2 * k];
      landmarks[2 * singles[k] + 1] = (float) five[5 + 2 * k];
    }
    return new FaceLocation(0, 0, 1, 1, 1f, landmarks);
  }

  /** A smooth random texture (blurred noise), so bilinear resampling is nearly lossless. */
  static Mat texture(int width, int height, long seed) {
    Mat noise = new Mat(height, width, opencv_core.CV_8UC3);
    byte[] bytes = new byte[width * height * 3];
    new Random(seed).nextBytes(bytes);
    noise.data().put(bytes);
    Mat smooth = new Mat();
    opencv_imgproc.GaussianBlur(noise, smooth, new Size(0, 0), 4);
    noise.close();
    return smooth;
  }

  static Mat warp(Mat image, SimilarityTransform t, int width, int height) {
    Mat matrix = new Mat(2, 3, opencv_core.CV_64F);
    new DoublePointer(matrix.data()).put(t.toAffineRows());
    Mat out = new Mat();
    warpAffine(image, out, matrix, new Size(width, height), INTER_LINEAR, opencv_core.BORDER_CONSTANT,
        new org.bytedeco.opencv.opencv_core.Scalar(0.0));
    return out;
  }
}
