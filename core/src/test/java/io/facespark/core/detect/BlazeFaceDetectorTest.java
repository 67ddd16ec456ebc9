package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default detect stage (BlazeFace with its second passes) on bad and unusual input, each with
 * the result the README documents: tiny, huge, grayscale, rotated, many faces, no face.
 */
class BlazeFaceDetectorTest {

  private static BlazeFaceDetector blazeFace;
  private static MultiPassFaceLocator stage;
  private static DetectionSets.Photo sample1;

  @BeforeAll
  static void load() {
    blazeFace = new BlazeFaceDetector(BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
    stage = new MultiPassFaceLocator(blazeFace, DetectorSource.EXTRA_PASS_MIN_SCORE, DetectorSource.PASS_PADDING,
        DetectorSource.TILE_ABOVE, DetectorSource.TILE_SIZE);
    sample1 = DetectionSets.demoPhotos().get(0);
  }

  @AfterAll
  static void close() {
    if (blazeFace != null) {
      blazeFace.close();
    }
  }

  @Test
  void theDemoPhotoHasItsThreeFacesEachOnce() {
    List<FaceLocation> faces = stage.locate(sample1.image());
    assertThat(faces).hasSize(3).allSatisfy(face -> assertThat(face.pass()).isEqualTo(MultiPassFaceLocator.FULL));
    for (DetectionSets.Box box : sample1.faces()) {
      assertThat(faces).as("a detection centred in %s", box).filteredOn(box::containsCentreOf).hasSize(1);
    }
  }

  @Test
  void tinyImagesGiveNoFaceAndNoError() {
    for (int side : new int[] {1, 8, 32}) {
      try (Mat tiny = new Mat(side, side, opencv_core.CV_8UC3, new Scalar(120, 140, 160, 0))) {
        assertThat(stage.locate(tiny)).as("%d px image", side).isEmpty();
      }
    }
  }

  @Test
  void aHugePhotoIsTiledAndKeepsEachFaceOnce() {
    double factor = 6000.0 / sample1.image().cols();
    try (Mat huge = new Mat()) {
      resize(sample1.image(), huge, new Size(6000, (int) Math.round(sample1.image().rows() * factor)), 0, 0, INTER_LINEAR);
      List<FaceLocation> faces = stage.locate(huge);
      for (DetectionSets.Box box : sample1.faces()) {
        DetectionSets.Box scaled = new DetectionSets.Box(box.x() * factor, box.y() * factor, box.w() * factor, box.h() * factor);
        assertThat(faces).as("detections centred in %s of the 6000 px photo", scaled)
            .filteredOn(scaled::containsCentreOf).hasSize(1);
      }
      assertThat(faces).as("nothing but the three faces").hasSize(3);
    }
  }

  @Test
  void aGrayscalePhotoHasTheSameFaces() {
    try (Mat gray = new Mat(); Mat bgr = new Mat()) {
      cvtColor(sample1.image(), gray, COLOR_BGR2GRAY);
      cvtColor(gray, bgr, COLOR_GRAY2BGR);
      List<FaceLocation> faces = stage.locate(bgr);
      assertThat(faces).hasSize(3);
      for (DetectionSets.Box box : sample1.faces()) {
        assertThat(faces).filteredOn(box::containsCentreOf).hasSize(1);
      }
    }
  }

  /** BlazeFace is trained on upright faces: a photo turned by 90 degrees loses faces but gains no false one. */
  @Test
  void aRotatedPhotoGivesOnlyRealFaces() {
    try (Mat turned = new Mat()) {
      rotate(sample1.image(), turned, ROTATE_90_CLOCKWISE);
      int rows = sample1.image().rows();
      List<FaceLocation> faces = stage.locate(turned);
      for (FaceLocation face : faces) {
        // Clockwise: (x, y) -> (rows - 1 - y, x); a box (x, y, w, h) -> (rows - y - h, x, h, w).
        assertThat(sample1.faces()).as("%s is a real face turned", face).anyMatch(box ->
            new DetectionSets.Box(rows - box.y() - box.h(), box.x(), box.h(), box.w()).containsCentreOf(face));
      }
    }
  }

  /** Documented: 34 of the 36 faces centred in their box (DetectBenchmark, each face about 100 px in a 1500 px photo). */
  @Test
  void aPhotoOfThirtySixFacesGivesMostOfThemEachOnce() {
    DetectionSets.Photo mosaic = DetectionSets.mosaic("36 LFW", DetectionSets.lfwPhotos(DetectionSets.lfwSample(36)), 6, 250);
    List<FaceLocation> faces = stage.locate(mosaic.image());
    long found = mosaic.faces().stream().filter(box -> faces.stream().anyMatch(box::containsCentreOf)).count();
    assertThat(found).as("LFW faces found in a 6x6 mosaic (1500 px)").isGreaterThanOrEqualTo(30);
    for (DetectionSets.Box box : mosaic.faces()) {
      assertThat(faces).as("detections of the face in %s", box).filteredOn(box::containsCentreOf).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void faceFreeImagesGiveAtMostOneFalseFacePerHundred() {
    List<Mat> free = DetectionSets.faceFree(100);
    int detections = free.stream().mapToInt(image -> stage.locate(image).size()).sum();
    assertThat(detections).as("false detections on 100 face-free images (the goal: at most 1)").isLessThanOrEqualTo(1);
  }

  @Test
  void badSettingsAndEmptyImagesAreRefused() {
    assertThatThrownBy(() -> new BlazeFaceDetector(blazeFace.net(), 1.5, 40)).hasMessageContaining("min score must be in (0, 1)");
    assertThatThrownBy(() -> blazeFace.locate(new Mat())).hasMessageContaining("got an empty Mat");
  }
}
