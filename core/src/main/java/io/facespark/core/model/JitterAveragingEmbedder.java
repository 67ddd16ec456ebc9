package io.facespark.core.model;

import io.facespark.core.align.SimilarityTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Jitter test-time augmentation for any {@link FaceEmbedder}, after dlib's face descriptor
 * {@code num_jitters}: each chip is embedded as {@code N} randomly jittered copies (a rotation of
 * up to 3 degrees, a zoom-out to 97-100% size, a shift of up to 2% of the chip each way, and a
 * mirror half of the time), and the embeddings are averaged and renormalised. It smooths out
 * small alignment errors at {@code N} times the compute.
 *
 * <p>The {@code N} jitters are drawn once from a fixed seed and applied to every chip, so an image
 * gets the same embedding whatever batch, task or machine it lands in. Pixels outside the chip
 * repeat its edge. {@link #modelVersion()} is the inner version plus {@code +jitterN}: jittered
 * embeddings must not be compared with plain ones. Thread-safety: as the wrapped embedder's.
 */
public final class JitterAveragingEmbedder extends AveragingEmbedder {

  public static final long SEED = 20_171_113L;
  static final double MAX_ROTATION_DEGREES = 3;
  static final double MIN_SCALE = 0.97;
  static final double MAX_SHIFT = 0.02;

  /** One jitter: rotation (radians), scale, shift (fractions of the chip size), mirror. */
  record Jitter(double angle, double scale, double dx, double dy, boolean mirror) {
  }

  private final List<Jitter> jitters;

  public JitterAveragingEmbedder(FaceEmbedder inner, int copies) {
    super(inner);
    this.jitters = draw(copies, SEED);
  }

  static List<Jitter> draw(int copies, long seed) {
    if (copies < 1) {
      throw new IllegalArgumentException("jitter needs at least 1 copy, got " + copies);
    }
    Random random = new Random(seed);
    List<Jitter> jitters = new ArrayList<>(copies);
    for (int i = 0; i < copies; i++) {
      jitters.add(new Jitter(Math.toRadians(MAX_ROTATION_DEGREES) * (2 * random.nextDouble() - 1),
          MIN_SCALE + (1 - MIN_SCALE) * random.nextDouble(), MAX_SHIFT * (2 * random.nextDouble() - 1),
          MAX_SHIFT * (2 * random.nextDouble() - 1), random.nextBoolean()));
    }
    return List.copyOf(jitters);
  }

  @Override
  public int copies() {
    return jitters.size();
  }

  @Override
  protected String versionSuffix() {
    return "+jitter" + jitters.size();
  }

  @Override
  protected float[][] embedCopies(FaceEmbedder inner, INDArray batch) {
    int n = (int) batch.size(0);
    float[] pixels = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[][] all = new float[n * jitters.size()][];
    for (int c = 0; c < jitters.size(); c++) {
      // One model call per jitter keeps the batch the caller chose.
      float[][] rows = inner.embed(Nd4j.create(jittered(pixels, batch.shape(), jitters.get(c)), batch.shape(), 'c'));
      System.arraycopy(rows, 0, all, c * n, n);
    }
    return all;
  }

  /** Every chip of an NCHW batch warped by one jitter around its centre (bilinear, edges repeated). */
  static float[] jittered(float[] src, long[] shape, Jitter jitter) {
    int h = (int) shape[2];
    int w = (int) shape[3];
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double a = jitter.scale() * Math.cos(jitter.angle());
    double b = jitter.scale() * Math.sin(jitter.angle());
    // chip -> jittered chip: rotate and scale about the centre, then shift; sampled through its inverse
    SimilarityTransform toSource = new SimilarityTransform(a, b, cx + jitter.dx() * w - (a * cx - b * cy),
        cy + jitter.dy() * h - (b * cx + a * cy)).inverse();
    float[] dst = new float[src.length];
    int planes = (int) (shape[0] * shape[1]);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double[] s = toSource.apply(jitter.mirror() ? w - 1 - x : x, y);
        double sx = Math.max(0, Math.min(w - 1, s[0]));
        double sy = Math.max(0, Math.min(h - 1, s[1]));
        int x0 = (int) Math.min(w - 2, Math.floor(sx));
        int y0 = (int) Math.min(h - 2, Math.floor(sy));
        double fx = sx - x0;
        double fy = sy - y0;
        for (int p = 0; p < planes; p++) {
          int base = p * h * w;
          double top = src[base + y0 * w + x0] * (1 - fx) + src[base + y0 * w + x0 + 1] * fx;
          double bottom = src[base + (y0 + 1) * w + x0] * (1 - fx) + src[base + (y0 + 1) * w + x0 + 1] * fx;
          dst[base + y * w + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return dst;
  }
}
