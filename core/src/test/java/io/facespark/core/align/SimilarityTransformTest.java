package io.facespark.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {

  @Test
  void fitRecoversAKnownTransformExactly() {
    SimilarityTransform truth = fromParts(1.7, Math.toRadians(23), 40, -12);
    double[] from = randomPoints(new Random(7), 12);
    double[] to = mapAll(truth, from);
    SimilarityTransform fitted = SimilarityTransform.fit(from, to);
    assertThat(fitted.scale()).as("scale").isCloseTo(1.7, within(1e-9));
    assertThat(fitted.angle()).as("angle").isCloseTo(Math.toRadians(23), within(1e-9));
    assertThat(fitted.tx()).isCloseTo(40, within(1e-7));
    assertThat(fitted.ty()).isCloseTo(-12, within(1e-7));
    assertThat(fitted.rmsError(from, to)).isLessThan(1e-9);
  }

  @Test
  void fitIsTheLeastSquaresOneUnderNoise() {
    SimilarityTransform truth = fromParts(0.5, Math.toRadians(-8), 3, 5);
    Random random = new Random(11);
    double[] from = randomPoints(random, 200);
    double[] to = mapAll(truth, from);
    for (int i = 0; i < to.length; i++) {
      to[i] += random.nextGaussian() * 0.5;
    }
    SimilarityTransform fitted = SimilarityTransform.fit(from, to);
    assertThat(fitted.scale()).isCloseTo(0.5, within(0.01));
    assertThat(fitted.angle()).isCloseTo(Math.toRadians(-8), within(0.02));
    // Nudging any parameter must not lower the error of a least-squares optimum.
    double best = fitted.rmsError(from, to);
    double[] p = {fitted.a(), fitted.b(), fitted.tx(), fitted.ty()};
    for (int k = 0; k < 4; k++) {
      for (double d : new double[] {-1e-3, 1e-3}) {
        double[] q = p.clone();
        q[k] += d;
        assertThat(new SimilarityTransform(q[0], q[1], q[2], q[3]).rmsError(from, to)).isGreaterThanOrEqualTo(best);
      }
    }
  }

  @Test
  void aMirrorImageIsNotFittedByAReflection() {
    double[] from = {0, 0, 10, 0, 0, 5, 7, 9};
    double[] mirrored = {0, 0, -10, 0, 0, 5, -7, 9};
    SimilarityTransform fitted = SimilarityTransform.fit(from, mirrored);
    // A proper rotation-scale matrix [[a, -b], [b, a]] has determinant a^2 + b^2 >= 0 by construction.
    assertThat(fitted.a() * fitted.a() + fitted.b() * fitted.b()).isGreaterThanOrEqualTo(0);
    assertThat(fitted.rmsError(from, mirrored)).as("a reflection cannot be matched").isGreaterThan(1);
  }

  @Test
  void pointArraysMapPairByPair() {
    SimilarityTransform t = fromParts(2.5, 1.1, -30, 70);
    float[] mapped = t.apply(new float[] {13, -4, 0, 0});
    assertThat(mapped[0]).isCloseTo((float) t.apply(13, -4)[0], within(1e-4f));
    assertThat(mapped[1]).isCloseTo((float) t.apply(13, -4)[1], within(1e-4f));
    assertThat(mapped[2]).isCloseTo(-30f, within(1e-4f));
    assertThat(mapped[3]).isCloseTo(70f, within(1e-4f));
  }

  @Test
  void inverseUndoesTheTransform() {
    SimilarityTransform t = fromParts(2.5, 1.1, -30, 70);
    double[] p = t.inverse().apply(t.apply(13, -4)[0], t.apply(13, -4)[1]);
    assertThat(p[0]).isCloseTo(13, within(1e-9));
    assertThat(p[1]).isCloseTo(-4, within(1e-9));
  }

  @Test
  void coincidentPointsAreRejected() {
    assertThatThrownBy(() -> SimilarityTransform.fit(new double[] {1, 1, 1, 1}, new double[] {0, 0, 3, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coincide");
    assertThatThrownBy(() -> SimilarityTransform.fit(new double[] {1, 1}, new double[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
  }

  static SimilarityTransform fromParts(double scale, double angle, double tx, double ty) {
    return new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle), tx, ty);
  }

  static double[] randomPoints(Random random, int n) {
    double[] points = new double[2 * n];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextDouble() * 200 - 50;
    }
    return points;
  }

  static double[] mapAll(SimilarityTransform t, double[] points) {
    double[] out = new double[points.length];
    for (int i = 0; i < points.length / 2; i++) {
      double[] p = t.apply(points[2 * i], points[2 * i + 1]);
      out[2 * i] = p[0];
      out[2 * i + 1] = p[1];
    }
    return out;
  }
}
