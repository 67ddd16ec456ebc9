package io.facespark.core.vector;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The K best gallery candidates of one probe, kept sorted best first. Order: score descending,
 * then entry ascending, then gallery row ascending, so that ties resolve the same way whatever
 * order candidates arrive in (and hence with any block size or partitioning).
 *
 * <p>An entry is what is ranked: a gallery face, or an identity when {@code distinctEntries} is set
 * (then an entry keeps only its best gallery row: the identity's max). Entries and rows are
 * ordinals assigned in sort order of their ids, so "ascending" means "gallery id ascending".
 * Candidates arrive rarely once the list is full (see {@link #floor()}), so a sorted array beats a
 * heap at these sizes. Not thread-safe.
 */
public final class TopK implements Serializable {

  private static final long serialVersionUID = 1L;

  private final boolean distinctEntries;
  private final float[] scores;
  private final int[] entries;
  private final int[] rows;
  private int size;

  public TopK(int k, boolean distinctEntries) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.distinctEntries = distinctEntries;
    this.scores = new float[k];
    this.entries = new int[k];
    this.rows = new int[k];
  }

  public int size() {
    return size;
  }

  public float score(int rank) {
    return scores[rank];
  }

  public int entry(int rank) {
    return entries[rank];
  }

  public int row(int rank) {
    return rows[rank];
  }

  /** Scores below this cannot enter: the worst kept score once full, else negative infinity. */
  public float floor() {
    return size == scores.length ? scores[size - 1] : Float.NEGATIVE_INFINITY;
  }

  /** Offers one candidate; returns whether it was kept. */
  public boolean offer(float score, int entry, int row) {
    if (distinctEntries) {
      for (int i = 0; i < size; i++) {
        if (entries[i] == entry) {
          if (!better(score, entry, row, i)) {
            return false;
          }
          removeAt(i);
          break;
        }
      }
    }
    if (size == scores.length) {
      if (!better(score, entry, row, size - 1)) {
        return false;
      }
      size--;
    }
    int at = size;
    while (at > 0 && better(score, entry, row, at - 1)) {
      at--;
    }
    System.arraycopy(scores, at, scores, at + 1, size - at);
    System.arraycopy(entries, at, entries, at + 1, size - at);
    System.arraycopy(rows, at, rows, at + 1, size - at);
    scores[at] = score;
    entries[at] = entry;
    rows[at] = row;
    size++;
    return true;
  }

  /** Adds every candidate of {@code other} (the partial result of another gallery block). */
  public TopK merge(TopK other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.scores[i], other.entries[i], other.rows[i]);
    }
    return this;
  }

  private boolean better(float score, int entry, int row, int than) {
    int byScore = Float.compare(score, scores[than]);
    if (byScore != 0) {
      return byScore > 0;
    }
    if (entry != entries[than]) {
      return entry < entries[than];
    }
    return row < rows[than];
  }

  private void removeAt(int i) {
    System.arraycopy(scores, i + 1, scores, i, size - i - 1);
    System.arraycopy(entries, i + 1, entries, i, size - i - 1);
    System.arraycopy(rows, i + 1, rows, i, size - i - 1);
    size--;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("TopK[");
    for (int i = 0; i < size; i++) {
      text.append(i == 0 ? "" : ", ").append(entries[i]).append('/').append(rows[i]).append('=')
          .append(scores[i]);
    }
    return text.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopK other && size == other.size
        && Arrays.equals(scores, 0, size, other.scores, 0, size)
        && Arrays.equals(entries, 0, size, other.entries, 0, size)
        && Arrays.equals(rows, 0, size, other.rows, 0, size);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(Arrays.copyOf(entries, size));
  }
}
