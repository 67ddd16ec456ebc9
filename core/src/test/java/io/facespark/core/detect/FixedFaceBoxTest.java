package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.image.ImageDecoder;
import io.facespark.core.image.RelativeBox;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FixedFaceBoxTest {

  /** Distinct images of the first View 1 training pairs: the set the LFW box was measured on. */
  private static List<Path> firstDevTrainImages(int count) {
    Set<String> names = new LinkedHashSet<>();
    for (LfwPairs.Pair pair : LfwPairs.read(TestData.lfwDir().resolve("pairsDevTrain.txt")).get(0)) {
      names.add(pair.a().relativePath());
      names.add(pair.b().relativePath());
      if (names.size() >= count) {
        break;
      }
    }
    return names.stream().limit(count).map(n -> TestData.lfwDir().resolve("lfw-deepfunneled").resolve(n)).toList();
  }

  private static Mat decode(Path image) throws Exception {
    return new ImageDecoder().decode(Files.readAllBytes(image));
  }

  @Test
  void theBoxScalesWithEachImageAndCarriesNoScore() {
    FixedFaceBox box = new FixedFaceBox(new RelativeBox(0.25, 0.1, 0.5, 0.8));
    try (Mat image = new Mat(100, 200, opencv_core.CV_8UC3)) {
      List<FaceLocation> faces = box.locate(image);

      assertThat(faces).containsExactly(new FaceLocation(50, 10, 100, 80, null));
      assertThat(faces.get(0).detected()).as("a box, so the row gets a bbox").isTrue();
    }
  }

  /**
   * The constant is the SSD's median box over 4,769 View 1 images (rounded to 0.01); the median
   * over the first 60 of them should land within 1.5% of the image (under 4 px on LFW's 250 px),
   * so a constant mistyped or re-derived from other images by more than that fails.
   */
  @Test
  void theLfwBoxIsTheDetectorsMedianBoxOnLfw() throws Exception {
    List<double[]> boxes = new ArrayList<>();
    try (SsdFaceDetector detector = new SsdFaceDetector(SsdMobileNetV1.load(TestData.models().requireVerifiedModelDir()), 0.2, 20)) {
      for (Path image : firstDevTrainImages(60)) {
        try (Mat bgr = decode(image)) {
          List<FaceLocation> faces = detector.locate(bgr);
          if (!faces.isEmpty()) {
            FaceLocation f = faces.get(0);
            boxes.add(new double[] {f.x() / bgr.cols(), f.y() / bgr.rows(), f.w() / bgr.cols(), f.h() / bgr.rows()});
          }
        }
      }
    }
    assertThat(boxes).as("the detector finds most LFW faces").hasSizeGreaterThan(50);
    RelativeBox lfw = FixedFaceBox.LFW_DEEPFUNNELED;
    assertThat(median(boxes, 0)).as("left").isCloseTo(lfw.left(), within(0.015));
    assertThat(median(boxes, 1)).as("top").isCloseTo(lfw.top(), within(0.015));
    assertThat(median(boxes, 2)).as("width").isCloseTo(lfw.width(), within(0.015));
    assertThat(median(boxes, 3)).as("height").isCloseTo(lfw.height(), within(0.015));
  }

  @Test
  void landmarksFoundInTheLfwBoxPutTheEyesAboveTheMouthInsideTheBox() throws Exception {
    try (LandmarkedFaceLocator locator = DetectorSource.fixedBox(TestData.models().requireVerifiedModelDir(),
        FixedFaceBox.LFW_DEEPFUNNELED).open()) {
      for (Path image : firstDevTrainImages(5)) {
        try (Mat bgr = decode(image)) {
          List<FaceLocation> faces = locator.locate(bgr);

          assertThat(faces).as("%s", image).hasSize(1);
          FaceLocation face = faces.get(0);
          float[] p = face.landmarks();
          assertThat(p).hasSize(136);
          double leftEyeX = (p[72] + p[78]) / 2;
          double rightEyeX = (p[84] + p[90]) / 2;
          double eyesY = (p[73] + p[79] + p[85] + p[91]) / 4;
          double mouthY = (p[97] + p[109]) / 2;
          assertThat(leftEyeX).as("%s: eyes left to right", image).isLessThan(rightEyeX);
          assertThat(eyesY).as("%s: eyes above the mouth", image).isLessThan(mouthY);
          assertThat(leftEyeX).isBetween((double) face.x(), (double) face.x() + face.w());
          assertThat(rightEyeX).isBetween((double) face.x(), (double) face.x() + face.w());
          assertThat(eyesY).isBetween((double) face.y(), (double) face.y() + face.h());
          assertThat(mouthY).isBetween((double) face.y(), (double) face.y() + face.h());
        }
      }
    }
  }

  @Test
  void aFixedBoxSourceIsPooledApartFromTheDetector() {
    Path models = TestData.models().requireVerifiedModelDir();
    DetectorSource lfw = DetectorSource.fixedBox(models, FixedFaceBox.LFW_DEEPFUNNELED);
    DetectorSource other = DetectorSource.fixedBox(models, new RelativeBox(0.2, 0.2, 0.6, 0.6));
    DetectorSource ssd = DetectorSource.read(models, 0.5, 40);

    assertThat(lfw.key()).isNotEqualTo(other.key()).isNotEqualTo(ssd.key());
    assertThat(lfw.sizeBytes()).as("no detector bytes to broadcast").isLessThan(ssd.sizeBytes());
  }

  private static double median(List<double[]> boxes, int column) {
    double[] values = boxes.stream().mapToDouble(b -> b[column]).toArray();
    Arrays.sort(values);
    return values[values.length / 2];
  }
}
