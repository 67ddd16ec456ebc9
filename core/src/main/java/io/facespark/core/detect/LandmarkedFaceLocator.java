package io.facespark.core.detect;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector followed by the 68-point landmark net: each face comes back with its landmarks, in
 * the detector's order, so the aligner downstream is pure geometry. A face whose box has no
 * pixels inside the image is dropped (the reference drops it too). Points that disagree with the
 * detector's own keypoints are checked by a second, upright pass ({@link LandmarkCrossCheck}).
 *
 * <p>Why here and not inside the aligner: the landmarks are a property of the located face (a
 * job can write them out, a test can check them), the aligner stays net-free and trivially
 * thread-safe, and both nets see the image once per detect stage.
 *
 * <p>Thread-safety: one thread at a time, like its parts.
 */
public final class LandmarkedFaceLocator implements FaceLocator, AutoCloseable {

  private final FaceLocator detector;
  private final FaceLandmarks68 landmarks;
  private final LandmarkCrossCheck crossCheck;

  /** With the cross-check at its default ({@link LandmarkCrossCheck#DEFAULT_MAX_DISAGREEMENT}). */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks) {
    this(detector, landmarks, LandmarkCrossCheck.DEFAULT_MAX_DISAGREEMENT);
  }

  /** @param maxDisagreement see {@link LandmarkCrossCheck}; {@code Double.POSITIVE_INFINITY} turns the check off */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks, double maxDisagreement) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.crossCheck = new LandmarkCrossCheck(landmarks, maxDisagreement);
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    List<FaceLocation> faces = new ArrayList<>();
    for (FaceLocation face : detector.locate(bgrImage)) {
      float[] points = crossCheck.check(bgrImage, face, landmarks.locate(bgrImage, face));
      if (points != null) {
        faces.add(face.withLandmarks(points));
      }
    }
    return faces;
  }

  @Override
  public void close() throws Exception {
    if (detector instanceof AutoCloseable closeable) {
      closeable.close();
    }
    landmarks.close();
  }
}
