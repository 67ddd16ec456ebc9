package io.facespark.core.detect.facemesh;

import io.facespark.core.align.FivePointRecipe;

/**
 * The five arcface alignment points read off FaceMesh's 468 points, in the aligner's order
 * (image-left eye, image-right eye, nose tip, image-left and image-right mouth corner). Indices of
 * MediaPipe's canonical face mesh topology; "right" is the subject's right, on the image's left.
 */
public final class MeshFivePoints {

  /** The subject's right eye: its upper and lower lid contour (outer corner 33, inner corner 133). */
  static final int[] RIGHT_EYE = {246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133};
  /** The subject's left eye, mirrored (outer corner 263, inner corner 362). */
  static final int[] LEFT_EYE = {466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362};
  static final int NOSE_TIP = 1;
  /** Outer lip corners, the subject's right then left. */
  static final int MOUTH_RIGHT = 61;
  static final int MOUTH_LEFT = 291;

  private MeshFivePoints() {
  }

  /**
   * The five points ({@code x, y} pairs) from the mesh's 468 {@code x, y} pairs: each eye's centre
   * as the mean of its 16 lid points (the pupil sits between the lids, where insightface's template
   * puts the eye), the nose tip, the outer mouth corners.
   */
  public static float[] from(float[] meshXy) {
    if (meshXy == null || meshXy.length != 2 * FaceMeshNet.POINTS) {
      throw new IllegalArgumentException("expected " + FaceMeshNet.POINTS + " mesh points (" + 2 * FaceMeshNet.POINTS
          + " values), got " + (meshXy == null ? "none" : meshXy.length + " values"));
    }
    double[] five = new double[10];
    FivePointRecipe.mean(meshXy, RIGHT_EYE, five, 0);
    FivePointRecipe.mean(meshXy, LEFT_EYE, five, 2);
    FivePointRecipe.mean(meshXy, new int[] {NOSE_TIP}, five, 4);
    FivePointRecipe.mean(meshXy, new int[] {MOUTH_RIGHT}, five, 6);
    FivePointRecipe.mean(meshXy, new int[] {MOUTH_LEFT}, five, 8);
    float[] points = new float[five.length];
    for (int i = 0; i < five.length; i++) {
      points[i] = (float) five[i];
    }
    return points;
  }
}
