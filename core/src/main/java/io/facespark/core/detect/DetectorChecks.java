package io.facespark.core.detect;

import org.bytedeco.opencv.opencv_core.Mat;

/** The argument checks every detector shares. */
final class DetectorChecks {

  private DetectorChecks() {
  }

  static void settings(double minScore, int minFaceSize) {
    if (!(minScore > 0 && minScore < 1) || minFaceSize < 0) {
      throw new IllegalArgumentException("min score must be in (0, 1) and min face size >= 0, got "
          + minScore + " and " + minFaceSize);
    }
  }

  static void image(Mat bgrImage) {
    if (bgrImage == null || bgrImage.empty()) {
      throw new IllegalArgumentException("expected a decoded BGR image, got " + (bgrImage == null ? "null" : "an empty Mat"));
    }
  }
}
