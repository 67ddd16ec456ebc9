package io.facespark.core.detect;

import io.facespark.core.detect.facemesh.FaceMeshLandmarker;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector followed by a landmark stage: each face comes back with its landmarks, in the
 * detector's order, so the aligner downstream is pure geometry. Two landmark stages:
 * <ul>
 *   <li>the 68-point net ({@code --landmarks 68}): a face whose box has no pixels inside the image
 *   is dropped (the reference drops it too); points that disagree with the detector's own keypoints
 *   are checked by a second, upright pass ({@link LandmarkCrossCheck});</li>
 *   <li>FaceMesh ({@code --landmarks mesh}, BlazeFace only: it is framed by the keypoints): the
 *   landmarks are the five arcface points read off the mesh, so only arcface chips can be cut from
 *   them. Every face is kept whatever the mesh's face flag says: the detector decided there is a
 *   face, and the mesh of a poor crop is still the best guess.</li>
 * </ul>
 *
 * <p>Why here and not inside the aligner: the landmarks are a property of the located face (a
 * job can write them out, a test can check them), the aligner stays net-free and trivially
 * thread-safe, and both nets see the image once per detect stage.
 *
 * <p>Thread-safety: one thread at a time, like its parts.
 */
public final class LandmarkedFaceLocator implements FaceLocator, AutoCloseable {

  private final FaceLocator detector;
  /** The 68-point net and its cross-check, or null with FaceMesh. */
  private final FaceLandmarks68 landmarks;
  private final LandmarkCrossCheck crossCheck;
  /** FaceMesh, or null with the 68-point net. */
  private final FaceMeshLandmarker mesh;

  /** With the cross-check at its default ({@link LandmarkCrossCheck#DEFAULT_MAX_DISAGREEMENT}). */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks) {
    this(detector, landmarks, LandmarkCrossCheck.DEFAULT_MAX_DISAGREEMENT);
  }

  /** @param maxDisagreement see {@link LandmarkCrossCheck}; {@code Double.POSITIVE_INFINITY} turns the check off */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks, double maxDisagreement) {
    this.detector = detector;
    this.landmarks = landmarks;
    this.crossCheck = new LandmarkCrossCheck(landmarks, maxDisagreement);
    this.mesh = null;
  }

  /** FaceMesh's five arcface points; {@code detector} must give BlazeFace's keypoints. */
  public LandmarkedFaceLocator(FaceLocator detector, FaceMeshLandmarker mesh) {
    this.detector = detector;
    this.landmarks = null;
    this.crossCheck = null;
    this.mesh = mesh;
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    List<FaceLocation> faces = new ArrayList<>();
    for (FaceLocation face : detector.locate(bgrImage)) {
      float[] points = mesh != null ? mesh.locate(bgrImage, face).fivePoints()
          : crossCheck.check(bgrImage, face, landmarks.locate(bgrImage, face));
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
    if (landmarks != null) {
      landmarks.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }
}
