package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.pipeline.FaceLocation;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * The Haar baseline, measured honestly: on sample1 it finds one of the three faces the SSD finds
 * (centre inside the SSD box) plus one false alarm; nothing in a flat image.
 */
class HaarFaceDetectorTest {

  @Test
  void findsFewerFacesThanTheSsd() {
    try (HaarFaceDetector haar = new HaarFaceDetector();
         SsdFaceDetector ssd = SsdFaceDetector.load(DetectFixture.modelDir());
         Mat photo = DetectFixture.demo("sample1.jpg")) {
      List<FaceLocation> cascade = haar.locate(photo);
      System.out.println("haar on sample1: " + cascade);
      assertThat(cascade).as("Haar faces have no score").allMatch(f -> f.score() == null);
      assertThat(cascade).allMatch(f -> f.w() >= 40 && f.h() >= 40);
      List<FaceLocation> faces = ssd.locate(photo);
      long matched = faces.stream().filter(face -> cascade.stream().anyMatch(h -> {
        double cx = h.x() + h.w() / 2;
        double cy = h.y() + h.h() / 2;
        return cx > face.x() && cx < face.x() + face.w() && cy > face.y() && cy < face.y() + face.h();
      })).count();
      System.out.println("SSD faces also found by Haar: " + matched + " of " + faces.size());
      assertThat(matched).as("SSD faces the Haar cascade also finds").isBetween(1L, (long) faces.size());
    }
  }

  @Test
  void aFlatImageHasNoFace() {
    try (HaarFaceDetector haar = new HaarFaceDetector();
         Mat grey = new Mat(480, 640, opencv_core.CV_8UC3, new Scalar(128, 128, 128, 0))) {
      assertThat(haar.locate(grey)).isEmpty();
    }
  }
}
