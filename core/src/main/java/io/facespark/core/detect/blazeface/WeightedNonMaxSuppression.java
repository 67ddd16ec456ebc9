package io.facespark.core.detect.blazeface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's weighted non-maximum suppression (its {@code WEIGHTED} algorithm), which these
 * detectors are trained for: the best remaining candidate and every remaining candidate that
 * overlaps it by more than {@code iouThreshold} form a cluster; the cluster becomes one face whose
 * box and keypoints are the score-weighted mean of its members' and whose score is the best
 * member's. Blending many anchors' votes steadies the box more than keeping the single best.
 */
public final class WeightedNonMaxSuppression {

  private WeightedNonMaxSuppression() {
  }

  /** The merged faces, best score first. */
  public static List<FaceCandidate> apply(List<FaceCandidate> candidates, double iouThreshold) {
    List<FaceCandidate> remaining = new ArrayList<>(candidates);
    remaining.sort(Comparator.comparingDouble(FaceCandidate::score).reversed());
    List<FaceCandidate> faces = new ArrayList<>();
    while (!remaining.isEmpty()) {
      FaceCandidate best = remaining.get(0);
      List<FaceCandidate> cluster = new ArrayList<>();
      List<FaceCandidate> rest = new ArrayList<>();
      for (FaceCandidate candidate : remaining) {
        (candidate == best || best.iou(candidate) > iouThreshold ? cluster : rest).add(candidate);
      }
      faces.add(cluster.size() == 1 ? best : blend(best.score(), cluster));
      remaining = rest;
    }
    return faces;
  }

  private static FaceCandidate blend(float score, List<FaceCandidate> cluster) {
    double total = 0;
    double xMin = 0;
    double yMin = 0;
    double xMax = 0;
    double yMax = 0;
    double[] keypoints = new double[2 * FaceCandidate.KEYPOINTS];
    for (FaceCandidate c : cluster) {
      double weight = c.score();
      total += weight;
      xMin += weight * c.xMin();
      yMin += weight * c.yMin();
      xMax += weight * (c.xMin() + c.w());
      yMax += weight * (c.yMin() + c.h());
      for (int k = 0; k < keypoints.length; k++) {
        keypoints[k] += weight * c.keypoints()[k];
      }
    }
    float[] merged = new float[keypoints.length];
    for (int k = 0; k < merged.length; k++) {
      merged[k] = (float) (keypoints[k] / total);
    }
    return new FaceCandidate(score, (float) ((xMin + xMax) / 2 / total), (float) ((yMin + yMax) / 2 / total),
        (float) ((xMax - xMin) / total), (float) ((yMax - yMin) / total), merged);
  }
}
