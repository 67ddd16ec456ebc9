package io.facespark.core.detect;

import io.facespark.core.image.RelativeBox;
import io.facespark.core.model.tfjs.TfjsModelFiles;
import io.facespark.core.pipeline.FaceLocator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything an executor needs to build the detect stage (SSD detector or a fixed face box, then
 * 68-point landmarks): the nets' bytes (about 6 MB) and the settings. Read once on the driver,
 * broadcast, {@link #open()} once per task thread (the nets are one thread at a time).
 */
public final class DetectorSource implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Null for a fixed face box. */
  private final TfjsModelFiles detector;
  private final TfjsModelFiles landmarks;
  private final double minScore;
  private final int minFaceSize;
  /** Null with the SSD detector. */
  private final RelativeBox fixedBox;

  private DetectorSource(TfjsModelFiles detector, TfjsModelFiles landmarks, double minScore, int minFaceSize,
                         RelativeBox fixedBox) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.minScore = minScore;
    this.minFaceSize = minFaceSize;
    this.fixedBox = fixedBox;
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
        TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE), minScore, minFaceSize, null);
  }

  /** No detector: every image is one face in {@code box} ({@link FixedFaceBox}), then landmarks. */
  public static DetectorSource fixedBox(Path modelDir, RelativeBox box) {
    return new DetectorSource(null, TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE), 0, 0,
        Objects.requireNonNull(box, "box"));
  }

  /** A new detect stage: faces largest first, each with its 68 landmarks; the caller closes it. */
  public LandmarkedFaceLocator open() {
    FaceLocator faces = fixedBox != null ? new FixedFaceBox(fixedBox)
        : new SsdFaceDetector(SsdMobileNetV1.fromWeights(detector.weights()), minScore, minFaceSize);
    return new LandmarkedFaceLocator(faces, FaceLandmarks68.fromWeights(landmarks.weights()));
  }

  public long sizeBytes() {
    return (detector == null ? 0 : detector.sizeBytes()) + landmarks.sizeBytes();
  }

  /** Identifies the settings, for pooling built detectors per JVM. */
  public String key() {
    return fixedBox != null ? "fixed-box+landmark68@" + fixedBox
        : "ssd-mobilenetv1+landmark68@" + minScore + "/" + minFaceSize;
  }
}
