package io.facespark.core.detect.blazeface;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw head of a BlazeFace-family net into candidates, as MediaPipe's
 * TensorsToDetections does for these models: per anchor a score logit and 16 regressors (box
 * centre offset x, y and size w, h, then 6 keypoints x, y), all in input pixels and relative to
 * the anchor's centre; the score is the sigmoid of the logit clipped to [-100, 100]. Only
 * candidates scoring at least {@code minScore} are kept (no suppression here).
 */
public final class BlazeFaceDecoder {

  /** Regressors per anchor: 4 box values and 6 keypoints. */
  public static final int REGRESSORS = 4 + 2 * FaceCandidate.KEYPOINTS;
  private static final double LOGIT_CLIP = 100;

  private final int inputSize;
  private final float[] anchors;

  /** @param anchors centres from {@link BlazeFaceAnchors#centres} */
  public BlazeFaceDecoder(int inputSize, float[] anchors) {
    this.inputSize = inputSize;
    this.anchors = anchors;
  }

  public int anchorCount() {
    return anchors.length / 2;
  }

  /**
   * @param regressors {@code anchorCount x 16} values, anchor-major
   * @param logits one per anchor
   */
  public List<FaceCandidate> decode(float[] regressors, float[] logits, double minScore) {
    int n = anchorCount();
    if (logits.length != n || regressors.length != n * REGRESSORS) {
      throw new IllegalArgumentException("expected " + n + " logits and " + n * REGRESSORS + " regressors, got "
          + logits.length + " and " + regressors.length);
    }
    List<FaceCandidate> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double logit = Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logits[i]));
      float score = (float) (1 / (1 + Math.exp(-logit)));
      if (score < minScore) {
        continue;
      }
      int r = i * REGRESSORS;
      float ax = anchors[2 * i];
      float ay = anchors[2 * i + 1];
      float[] keypoints = new float[2 * FaceCandidate.KEYPOINTS];
      for (int k = 0; k < FaceCandidate.KEYPOINTS; k++) {
        keypoints[2 * k] = regressors[r + 4 + 2 * k] / inputSize + ax;
        keypoints[2 * k + 1] = regressors[r + 5 + 2 * k] / inputSize + ay;
      }
      candidates.add(new FaceCandidate(score, regressors[r] / inputSize + ax, regressors[r + 1] / inputSize + ay,
          regressors[r + 2] / inputSize, regressors[r + 3] / inputSize, keypoints));
    }
    return candidates;
  }
}
