package io.facespark.core.detect.blazeface;

/**
 * One decoded BlazeFace detection in the input square's relative coordinates (0..1): the box
 * centre and size, the score (sigmoid of the logit), and 6 keypoints as {@code x0, y0, ..., x5, y5}
 * (right eye, left eye, nose tip, mouth centre, right tragion, left tragion; "right" is the
 * subject's right, on the image's left).
 */
public record FaceCandidate(float score, float cx, float cy, float w, float h, float[] keypoints) {

  public static final int KEYPOINTS = 6;

  public FaceCandidate {
    if (keypoints.length != 2 * KEYPOINTS) {
      throw new IllegalArgumentException("expected " + 2 * KEYPOINTS + " keypoint values, got " + keypoints.length);
    }
  }

  float xMin() {
    return cx - w / 2;
  }

  float yMin() {
    return cy - h / 2;
  }

  /** Intersection over union of the two boxes; 0 when either is empty. */
  double iou(FaceCandidate other) {
    double areaA = (double) w * h;
    double areaB = (double) other.w * other.h;
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double ix = Math.max(0, Math.min(xMin() + w, other.xMin() + other.w) - Math.max(xMin(), other.xMin()));
    double iy = Math.max(0, Math.min(yMin() + h, other.yMin() + other.h) - Math.max(yMin(), other.yMin()));
    double intersection = ix * iy;
    return intersection / (areaA + areaB - intersection);
  }
}
