package io.facespark.testing;

import io.facespark.core.align.ChipTemplate;

/** How far apart two sets of 68 landmarks put the five alignment points. */
public final class FivePointDistance {

  private FivePointDistance() {
  }

  /** Mean distance between the two sets' five alignment points, over the inter-ocular distance of the first. */
  public static double of(float[] reference, float[] other) {
    double[] a = ChipTemplate.fromLandmarks68(reference);
    double[] b = ChipTemplate.fromLandmarks68(other);
    double sum = 0;
    for (int i = 0; i < a.length; i += 2) {
      sum += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]);
    }
    return sum / (a.length / 2) / Math.hypot(a[0] - a[2], a[1] - a[3]);
  }
}
