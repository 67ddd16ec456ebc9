package io.facespark.jobs.watchlist;

import io.facespark.core.vector.TopK;
import java.io.Serializable;

/**
 * The top-K lists of one probe block against some of the gallery: what crosses the shuffle, at
 * most K candidates per probe per gallery block (three ints and a float each).
 */
final class ProbeTops implements Serializable {

  private static final long serialVersionUID = 1L;

  final int[] probeOrdinals;
  final TopK[] tops;

  ProbeTops(int[] probeOrdinals, TopK[] tops) {
    this.probeOrdinals = probeOrdinals;
    this.tops = tops;
  }

  /** Merges {@code other} (the same probe block against other gallery blocks) into this. */
  ProbeTops merge(ProbeTops other) {
    for (int i = 0; i < tops.length; i++) {
      tops[i].merge(other.tops[i]);
    }
    return this;
  }
}
