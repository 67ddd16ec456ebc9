package io.facespark.core.detect;

import io.facespark.core.detect.facemesh.FaceMeshLandmarker;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector followed by a landmark stage: each face comes back with its landmarks, in the
 * detector's order, so the aligner downstream is pure geometry. The landmark stages:
 * <ul>
 *   <li>the 68-point net ({@code --landmarks 68}): a face whose box has no pixels inside the image
 *   is dropped (the reference drops it too); points that disagree with the detector's own keypoints
 *   are checked by a second, upright pass ({@link LandmarkCrossCheck});</li>
 *   <li>FaceMesh ({@code --landmarks mesh}, BlazeFace only: it is framed by the keypoints): the
 *   landmarks are the five arcface points read off the mesh, so only arcface chips can be cut from
 *   them. Every face is kept whatever the mesh's face flag says: the detector decided there is a
 *   face, and the mesh of a poor crop is still the best guess;</li>
 *   <li>both ({@code --landmarks 68+mesh}): the 68-point net as above decides which faces are kept
 *   and gives their landmarks; FaceMesh's five points become each kept face's second set
 *   ({@link FaceLocation#secondLandmarks()}), cut into a second chip whose embedding is averaged in.</li>
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
  /** The 68-point net and its cross-check, or null with FaceMesh alone. */
  private final FaceLandmarks68 landmarks;
  private final LandmarkCrossCheck crossCheck;
  /** FaceMesh, or null with the 68-point net alone. */
  private final FaceMeshLandmarker mesh;

  /** With the cross-check at its default ({@link LandmarkCrossCheck#DEFAULT_MAX_DISAGREEMENT}). */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks) {
    this(detector, landmarks, LandmarkCrossCheck.DEFAULT_MAX_DISAGREEMENT);
  }

  /** @param maxDisagreement see {@link LandmarkCrossCheck}; {@code Double.POSITIVE_INFINITY} turns the check off */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks, double maxDisagreement) {
    this(detector, landmarks, maxDisagreement, null);
  }

  /** FaceMesh's five arcface points; {@code detector} must give BlazeFace's keypoints. */
  public LandmarkedFaceLocator(FaceLocator detector, FaceMeshLandmarker mesh) {
    this(detector, null, 0, mesh);
  }

  /**
   * The 68 points, FaceMesh's five as the second set, or either alone (the other null); FaceMesh
   * needs BlazeFace's keypoints.
   */
  public LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks, FaceMeshLandmarker mesh) {
    this(detector, landmarks, LandmarkCrossCheck.DEFAULT_MAX_DISAGREEMENT, mesh);
  }

  private LandmarkedFaceLocator(FaceLocator detector, FaceLandmarks68 landmarks, double maxDisagreement,
                                FaceMeshLandmarker mesh) {
    if (landmarks == null && mesh == null) {
      throw new IllegalArgumentException("a landmark stage is required: the 68-point net, FaceMesh or both");
    }
    this.detector = detector;
    this.landmarks = landmarks;
    this.crossCheck = landmarks == null ? null : new LandmarkCrossCheck(landmarks, maxDisagreement);
    this.mesh = mesh;
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    List<FaceLocation> faces = new ArrayList<>();
    for (FaceLocation face : detector.locate(bgrImage)) {
      float[] points = landmarks == null ? mesh.locate(bgrImage, face).fivePoints()
          : crossCheck.check(bgrImage, face, landmarks.locate(bgrImage, face));
      if (points == null) {
        continue;
      }
      FaceLocation located = face.withLandmarks(points);
      faces.add(landmarks != null && mesh != null
          ? located.withSecondLandmarks(mesh.locate(bgrImage, face).fivePoints()) : located);
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
