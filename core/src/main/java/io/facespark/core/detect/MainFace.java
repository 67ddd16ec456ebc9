package io.facespark.core.detect;

import io.facespark.core.pipeline.FaceLocation;
import java.util.List;

/**
 * Which detected face is a photo's subject: the largest, with size weighed against distance from
 * the centre, as photographers frame a subject (insightface's detector ranks faces by area minus
 * twice the squared offset from the centre for the same reason). Here the weight is scale-free:
 * {@code area x (1 - r^2)}, {@code r} the box centre's distance from the image centre over half the
 * image diagonal (0 at the centre, 1 in a corner). Of two faces of the same size the more central
 * one wins; a face halfway out to a corner must be a third larger in area than a central one.
 */
public final class MainFace {

  private MainFace() {
  }

  /** The index in {@code faces} of the main face, the first of equals; -1 when there is none. */
  public static int of(List<FaceLocation> faces, int width, int height) {
    int best = -1;
    double bestWeight = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < faces.size(); i++) {
      double weight = weight(faces.get(i), width, height);
      if (weight > bestWeight) {
        best = i;
        bestWeight = weight;
      }
    }
    return best;
  }

  static double weight(FaceLocation face, int width, int height) {
    double halfDiagonal = Math.hypot(width, height) / 2;
    double dx = face.x() + face.w() / 2.0 - width / 2.0;
    double dy = face.y() + face.h() / 2.0 - height / 2.0;
    double r2 = halfDiagonal > 0 ? (dx * dx + dy * dy) / (halfDiagonal * halfDiagonal) : 0;
    return (double) face.w() * face.h() * Math.max(0, 1 - r2);
  }
}
