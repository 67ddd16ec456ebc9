package io.facespark.core.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Open-set identification figures of a watchlist run (the terms of NIST's FRVT 1:N reports):
 * mated probes have their identity in the gallery, non-mated probes do not.
 *
 * <ul>
 *   <li>CMC: the fraction of mated probes whose mate is within the first k candidates, threshold
 *       ignored; rank-1 identification rate is its first point.</li>
 *   <li>FNIR at FPIR: the threshold is set on the non-mated probes' best scores so that at most a
 *       fraction FPIR of them would raise an alarm; FNIR is the fraction of mated probes whose mate
 *       is not the rank-1 candidate with a score at or above that threshold.</li>
 * </ul>
 */
public final class OpenSetIdentification {

  /**
   * One probe's outcome. {@code mateRank}: 1-based rank of its mate among the candidates, 0 when
   * the mate is not among them (or the probe is non-mated); {@code bestScore}: its rank-1 score,
   * NaN when it got no candidate.
   */
  public record Probe(boolean mated, int mateRank, float mateScore, float bestScore) {
  }

  /** The threshold for a target FPIR and what it gives. {@code resolvable}: FPIR x non-mated >= 1. */
  public record Operating(double targetFpir, double threshold, double fpir, double fnir, boolean resolvable) {
  }

  private final int maxRank;
  private final int[] mateRanks;
  private final float[] mateScores;
  private final float[] nonMatedBest;

  public OpenSetIdentification(List<Probe> probes, int maxRank) {
    if (maxRank < 1) {
      throw new IllegalArgumentException("maxRank must be at least 1, got " + maxRank);
    }
    this.maxRank = maxRank;
    long mated = probes.stream().filter(Probe::mated).count();
    mateRanks = new int[(int) mated];
    mateScores = new float[(int) mated];
    nonMatedBest = new float[probes.size() - (int) mated];
    int m = 0;
    int n = 0;
    for (Probe probe : probes) {
      if (probe.mated()) {
        mateRanks[m] = probe.mateRank();
        mateScores[m++] = probe.mateScore();
      } else {
        // No candidate at all can never raise an alarm.
        nonMatedBest[n++] = Float.isNaN(probe.bestScore()) ? Float.NEGATIVE_INFINITY : probe.bestScore();
      }
    }
    Arrays.sort(nonMatedBest);
  }

  public int mated() {
    return mateRanks.length;
  }

  public int nonMated() {
    return nonMatedBest.length;
  }

  /** {@code cmc()[k - 1]}: fraction of mated probes with their mate within rank k; NaN without mated probes. */
  public double[] cmc() {
    double[] curve = new double[maxRank];
    for (int rank : mateRanks) {
      if (rank >= 1 && rank <= maxRank) {
        curve[rank - 1]++;
      }
    }
    for (int k = 0; k < maxRank; k++) {
      curve[k] = (k == 0 ? 0 : curve[k - 1]) + curve[k];
    }
    for (int k = 0; k < maxRank; k++) {
      curve[k] = mated() == 0 ? Double.NaN : curve[k] / mated();
    }
    return curve;
  }

  public double rank1Rate() {
    return cmc()[0];
  }

  /**
   * The lowest threshold (accept when score >= threshold) at which at most {@code targetFpir} of
   * the non-mated probes raise an alarm, and the FNIR there. Ties between non-mated best scores can
   * make the achieved FPIR lower than the target.
   */
  public Operating atFpir(double targetFpir) {
    if (!(targetFpir > 0 && targetFpir <= 1)) {
      throw new IllegalArgumentException("FPIR must be in (0, 1], got " + targetFpir);
    }
    if (nonMated() == 0 || mated() == 0) {
      throw new IllegalArgumentException("FNIR at FPIR needs mated and non-mated probes; got "
          + mated() + " mated and " + nonMated() + " non-mated");
    }
    int n = nonMated();
    int allowed = (int) Math.floor(targetFpir * n + 1e-9);
    // nonMatedBest is ascending: the (allowed + 1)-th highest score must be rejected.
    double threshold = allowed >= n ? Double.NEGATIVE_INFINITY
        : Math.nextUp((double) nonMatedBest[n - 1 - allowed]);
    long alarms = 0;
    for (float best : nonMatedBest) {
      alarms += best >= threshold ? 1 : 0;
    }
    long missed = 0;
    for (int i = 0; i < mated(); i++) {
      missed += mateRanks[i] == 1 && mateScores[i] >= threshold ? 0 : 1;
    }
    return new Operating(targetFpir, threshold, (double) alarms / n, (double) missed / mated(),
        targetFpir * n >= 1);
  }
}
