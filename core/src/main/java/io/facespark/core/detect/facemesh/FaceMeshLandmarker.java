package io.facespark.core.detect.facemesh;

import io.facespark.core.align.Aligner;
import io.facespark.core.align.SimilarityTransform;
import io.facespark.core.pipeline.FaceLocation;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FaceMesh run on a detected face the way MediaPipe's face landmark graph runs it: a square region
 * of interest rotated so that the eyes are level, cut out and resized to 192x192, the mesh mapped
 * back to image pixels.
 *
 * <p>Framing (facts from MediaPipe's face landmark graphs and human's facemesh code): MediaPipe
 * takes the detector's box (BlazeFace's tight square), enlarges it 1.5x and turns it by the angle
 * of the eye line; while tracking, the next region is the bounding box of the previous mesh,
 * enlarged 1.5x on its long side, turned by the angle of the eye corners 33 and 263. The second
 * framing is what the net sees in its steady state, so each face gets two passes: the first from
 * BlazeFace's keypoints, the second from the first mesh; the second mesh is kept.
 *
 * <p>The first region comes from the keypoints alone (the located box is no longer BlazeFace's
 * square: see {@code BlazeFaceDetector}): centred halfway from the eye midpoint to the mouth
 * centre, its side {@value #SIDE_PER_EYE_MOUTH} x their distance. On BlazeFace's own faces in the
 * golden fixture its square is 2.22-2.30 x that distance and centred 0.4-0.6 of it below the eyes,
 * so this is MediaPipe's 1.5x square to within the net's tolerance; the second pass removes the
 * rest.
 *
 * <p>Not thread-safe (the net is not): one instance per thread.
 */
public final class FaceMeshLandmarker implements AutoCloseable {

  /** MediaPipe's enlargement of a face region (RectTransformationCalculator scale 1.5, square on the long side). */
  static final double ROI_SCALE = 1.5;
  /** The first region's side over the eye-midpoint-to-mouth distance: BlazeFace's square (~2.25 x) times 1.5. */
  static final double SIDE_PER_EYE_MOUTH = 2.25 * ROI_SCALE;
  /** Mesh points whose angle levels the second region: the outer eye corners, subject's right then left. */
  static final int RIGHT_EYE_CORNER = 33;
  static final int LEFT_EYE_CORNER = 263;

  /** A face's mesh: {@code x, y} per point in image pixels, and the net's face flag (0..1) for it. */
  public record Mesh(float[] xy, float faceFlag) {

    /** The five arcface alignment points of this mesh ({@link MeshFivePoints}). */
    public float[] fivePoints() {
      return MeshFivePoints.from(xy);
    }
  }

  /** A square region: centre and side in image pixels, and the angle (radians, image axes) that levels the face. */
  record Region(double cx, double cy, double side, double angle) {

    /** Image coordinates to the net's 192-px input, both continuous (pixel edges at integers). */
    SimilarityTransform toInput() {
      double s = FaceMeshNet.INPUT_SIZE / side;
      double a = s * Math.cos(-angle);
      double b = s * Math.sin(-angle);
      double half = FaceMeshNet.INPUT_SIZE / 2.0;
      return new SimilarityTransform(a, b, half - (a * cx - b * cy), half - (b * cx + a * cy));
    }
  }

  private final FaceMeshNet net;

  public FaceMeshLandmarker(FaceMeshNet net) {
    this.net = net;
  }

  /** The mesh of the face BlazeFace located with its keypoints (right eye, left eye, nose tip, mouth centre, ...). */
  public Mesh locate(Mat bgr, FaceLocation face) {
    float[] keypoints = face.keypoints();
    if (keypoints == null || keypoints.length < 8) {
      throw new IllegalArgumentException("FaceMesh is framed by the detector's eye and mouth keypoints, but " + face
          + " has none: use the blazeface detector (--detector blazeface) with --landmarks mesh");
    }
    Mesh first = run(bgr, fromKeypoints(keypoints));
    return run(bgr, fromMesh(first.xy()));
  }

  /** The first region, from BlazeFace's keypoints (see the class comment). */
  static Region fromKeypoints(float[] keypoints) {
    double eyeX = (keypoints[0] + keypoints[2]) / 2;
    double eyeY = (keypoints[1] + keypoints[3]) / 2;
    double mouthX = keypoints[6];
    double mouthY = keypoints[7];
    double angle = Math.atan2(keypoints[3] - keypoints[1], keypoints[2] - keypoints[0]);
    double side = SIDE_PER_EYE_MOUTH * Math.hypot(mouthX - eyeX, mouthY - eyeY);
    return new Region((eyeX + mouthX) / 2, (eyeY + mouthY) / 2, side, angle);
  }

  /** MediaPipe's tracking region: the mesh's bounding box squared on its long side and enlarged, levelled by the eye corners. */
  static Region fromMesh(float[] xy) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < xy.length; i += 2) {
      minX = Math.min(minX, xy[i]);
      maxX = Math.max(maxX, xy[i]);
      minY = Math.min(minY, xy[i + 1]);
      maxY = Math.max(maxY, xy[i + 1]);
    }
    double angle = Math.atan2(xy[2 * LEFT_EYE_CORNER + 1] - xy[2 * RIGHT_EYE_CORNER + 1],
        xy[2 * LEFT_EYE_CORNER] - xy[2 * RIGHT_EYE_CORNER]);
    return new Region((minX + maxX) / 2, (minY + maxY) / 2, ROI_SCALE * Math.max(maxX - minX, maxY - minY), angle);
  }

  /** The net on one region; its mesh in image pixels. */
  Mesh run(Mat bgr, Region region) {
    if (!(region.side() > 1)) {
      throw new IllegalArgumentException("face region " + region + " is degenerate (keypoints on top of each other?)");
    }
    SimilarityTransform toInput = region.toInput();
    // warpAffine maps pixel indices: index = continuous - 0.5 on both sides.
    double[] shift = toInput.apply(0.5, 0.5);
    SimilarityTransform indices = new SimilarityTransform(toInput.a(), toInput.b(),
        shift[0] - 0.5, shift[1] - 0.5);
    FaceMeshNet.Output out;
    try (INDArray crop = Aligner.chip(bgr, indices, FaceMeshNet.INPUT_SIZE, FaceMeshNet.INPUT_SIZE, true)) {
      out = net.predict(crop);
    }
    float[] inInput = new float[2 * FaceMeshNet.POINTS];
    for (int i = 0; i < FaceMeshNet.POINTS; i++) {
      inInput[2 * i] = out.mesh()[3 * i];
      inInput[2 * i + 1] = out.mesh()[3 * i + 1];
    }
    return new Mesh(toInput.inverse().apply(inInput), out.faceFlag());
  }

  @Override
  public void close() {
    net.close();
  }
}
