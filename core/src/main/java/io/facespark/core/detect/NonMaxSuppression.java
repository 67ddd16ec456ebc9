package io.facespark.core.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Greedy hard non-maximum suppression exactly as face-api.js's ssdMobilenetv1/nonMaxSuppression.ts:
 * candidates scoring above the threshold, best first, are kept unless their IoU with an already
 * kept box is above {@code iouThreshold} (IoU equal to it does not suppress); at most
 * {@code maxResults} are kept. Boxes are {@code [ymin, xmin, ymax, xmax]}, possibly unordered
 * corners (normalised like the reference).
 */
final class NonMaxSuppression {

  private NonMaxSuppression() {
  }

  /** Indices of the kept boxes, best score first. */
  static List<Integer> select(float[] boxes, float[] scores, double scoreThreshold, double iouThreshold,
                              int maxResults) {
    Integer[] candidates = IntStream.range(0, scores.length).filter(i -> scores[i] > scoreThreshold)
        .boxed().sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed()).toArray(Integer[]::new);
    List<Integer> kept = new ArrayList<>();
    for (int candidate : candidates) {
      if (kept.size() >= Math.min(maxResults, scores.length)) {
        break;
      }
      boolean suppressed = false;
      for (int j = kept.size() - 1; j >= 0 && !suppressed; j--) {
        suppressed = iou(boxes, candidate, kept.get(j)) > iouThreshold;
      }
      if (!suppressed) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  static double iou(float[] boxes, int i, int j) {
    double yMinI = Math.min(boxes[i * 4], boxes[i * 4 + 2]);
    double xMinI = Math.min(boxes[i * 4 + 1], boxes[i * 4 + 3]);
    double yMaxI = Math.max(boxes[i * 4], boxes[i * 4 + 2]);
    double xMaxI = Math.max(boxes[i * 4 + 1], boxes[i * 4 + 3]);
    double yMinJ = Math.min(boxes[j * 4], boxes[j * 4 + 2]);
    double xMinJ = Math.min(boxes[j * 4 + 1], boxes[j * 4 + 3]);
    double yMaxJ = Math.max(boxes[j * 4], boxes[j * 4 + 2]);
    double xMaxJ = Math.max(boxes[j * 4 + 1], boxes[j * 4 + 3]);
    double areaI = (yMaxI - yMinI) * (xMaxI - xMinI);
    double areaJ = (yMaxJ - yMinJ) * (xMaxJ - xMinJ);
    if (areaI <= 0 || areaJ <= 0) {
      return 0;
    }
    double intersection = Math.max(Math.min(yMaxI, yMaxJ) - Math.max(yMinI, yMinJ), 0)
        * Math.max(Math.min(xMaxI, xMaxJ) - Math.max(xMinI, xMinJ), 0);
    return intersection / (areaI + areaJ - intersection);
  }
}
