package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsModelFiles;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Everything an executor needs to build the detect stage (SSD detector + 68-point landmarks): the
 * two nets' bytes (about 6 MB) and the detector's settings. Read once on the driver, broadcast,
 * {@link #open()} once per task thread (the nets are one thread at a time).
 */
public final class DetectorSource implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TfjsModelFiles detector;
  private final TfjsModelFiles landmarks;
  private final double minScore;
  private final int minFaceSize;

  private DetectorSource(TfjsModelFiles detector, TfjsModelFiles landmarks, double minScore, int minFaceSize) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.minScore = minScore;
    this.minFaceSize = minFaceSize;
  }

  /** Validates the settings and reads both nets from the (verified) model directory. */
  public static DetectorSource read(Path modelDir, double minScore, int minFaceSize) {
    if (!(minScore > 0 && minScore < 1)) {
      throw new IllegalArgumentException("--det-threshold must be in (0, 1), got " + minScore);
    }
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("--min-face must be 0 or more pixels, got " + minFaceSize);
    }
    return new DetectorSource(TfjsModelFiles.read(modelDir, SsdMobileNetV1.MANIFEST_FILE),
        TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE), minScore, minFaceSize);
  }

  /** A new detect stage: faces largest first, each with its 68 landmarks; the caller closes it. */
  public LandmarkedFaceLocator open() {
    return new LandmarkedFaceLocator(
        new SsdFaceDetector(SsdMobileNetV1.fromWeights(detector.weights()), minScore, minFaceSize),
        FaceLandmarks68.fromWeights(landmarks.weights()));
  }

  public long sizeBytes() {
    return detector.sizeBytes() + landmarks.sizeBytes();
  }

  /** Identifies the settings, for pooling built detectors per JVM. */
  public String key() {
    return "ssd-mobilenetv1+landmark68@" + minScore + "/" + minFaceSize;
  }
}
