package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

  // [ymin, xmin, ymax, xmax] per box.
  static final float[] BOXES = {
      0, 0, 1, 1,          // 0
      0, 0.1f, 1, 1.1f,    // 1: IoU with 0 = 0.9/1.1 = 0.818
      0, 0.5f, 1, 1.5f,    // 2: IoU with 0 = 1/3 (kept), with 1 = 0.6/1.4 = 0.43
      2, 2, 3, 3,          // 3: far away
      0, 0, 1, 1,          // 4: duplicate of 0
  };

  @Test
  void keepsTheBestOfOverlappingBoxesBestFirst() {
    float[] scores = {0.9f, 0.95f, 0.8f, 0.7f, 0.6f};
    assertThat(NonMaxSuppression.select(BOXES, scores, 0.5, 0.5, 100)).containsExactly(1, 2, 3);
  }

  @Test
  void dropsScoresAtOrBelowTheThreshold() {
    float[] scores = {0.9f, 0.1f, 0.5f, 0.51f, 0.2f};
    assertThat(NonMaxSuppression.select(BOXES, scores, 0.5, 0.5, 100)).containsExactly(0, 3);
  }

  @Test
  void stopsAtMaxResults() {
    float[] scores = {0.9f, 0.1f, 0.8f, 0.7f, 0.2f};
    assertThat(NonMaxSuppression.select(BOXES, scores, 0.5, 0.5, 2)).containsExactly(0, 2);
  }

  @Test
  void iouHandlesFlippedCornersAndEmptyBoxes() {
    float[] boxes = {0, 0, 2, 2, 2, 2, 0, 0, 1, 1, 1, 1};
    assertThat(NonMaxSuppression.iou(boxes, 0, 1)).isCloseTo(1.0, within(1e-9));
    assertThat(NonMaxSuppression.iou(boxes, 0, 2)).isZero();
  }
}
