package io.facespark.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GEMM-selected top-K against plain double loops, with forced ties, over several tilings. */
class GemmTopKTest {

  private static final int DIM = 32;

  static float[] randomUnitVectors(Random random, int n, int dim) {
    float[] values = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int k = 0; k < dim; k++) {
        values[i * dim + k] = (float) random.nextGaussian();
        norm += values[i * dim + k] * values[i * dim + k];
      }
      for (int k = 0; k < dim; k++) {
        values[i * dim + k] /= (float) Math.sqrt(norm);
      }
    }
    return values;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** The reference: every pair in double, sorted by score desc then row asc. */
  private static List<Integer> bruteForce(float[] probes, int p, float[] gallery, int n, int k) {
    List<double[]> scored = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      double dot = 0;
      for (int d = 0; d < DIM; d++) {
        dot += (double) probes[p * DIM + d] * gallery[j * DIM + d];
      }
      scored.add(new double[] {(float) dot, j});
    }
    scored.sort(Comparator.<double[]>comparingDouble(s -> -s[0]).thenComparingDouble(s -> s[1]));
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(k, n); i++) {
      rows.add((int) scored.get(i)[1]);
    }
    return rows;
  }

  @Test
  void equalsBruteForceWithTiesForAnyTileSize() {
    Random random = new Random(7);
    int n = 300;
    float[] gallery = randomUnitVectors(random, n, DIM);
    // Force ties: rows 200..299 repeat rows 0..99, so every score of those appears twice.
    System.arraycopy(gallery, 0, gallery, 200 * DIM, 100 * DIM);
    float[] probes = randomUnitVectors(random, 40, DIM);
    // Probe 0 equals gallery row 5 (and 205): a tie at the top.
    System.arraycopy(gallery, 5 * DIM, probes, 0, DIM);
    int k = 6;
    VectorBlock probeBlock = new VectorBlock(0, DIM, probes, range(40), range(40));
    VectorBlock galleryBlock = new VectorBlock(0, DIM, gallery, range(n), range(n));
    for (int tile : new int[] {1, 7, 64, 300, 1000}) {
      TopK[] tops = new TopK[40];
      for (int i = 0; i < tops.length; i++) {
        tops[i] = new TopK(k, false);
      }
      new GemmTopK(tile).score(probeBlock, galleryBlock, tops);
      for (int p = 0; p < 40; p++) {
        List<Integer> got = new ArrayList<>();
        for (int r = 0; r < tops[p].size(); r++) {
          got.add(tops[p].row(r));
        }
        assertThat(got).as("probe %d, tile %d", p, tile).isEqualTo(bruteForce(probes, p, gallery, n, k));
      }
      assertThat(tops[0].row(0)).as("the exact duplicate ranks first, the lower row wins the tie").isEqualTo(5);
      assertThat(tops[0].row(1)).isEqualTo(205);
      assertThat(tops[0].score(0)).isEqualTo(tops[0].score(1));
    }
  }

  @Test
  void splittingTheGalleryIntoBlocksAndMergingGivesTheSameLists() {
    Random random = new Random(11);
    int n = 257;
    float[] gallery = randomUnitVectors(random, n, DIM);
    float[] probes = randomUnitVectors(random, 9, DIM);
    TopK[] whole = new TopK[9];
    TopK[] merged = new TopK[9];
    for (int i = 0; i < 9; i++) {
      whole[i] = new TopK(5, false);
      merged[i] = new TopK(5, false);
    }
    VectorBlock probeBlock = new VectorBlock(0, DIM, probes, range(9), range(9));
    new GemmTopK(64).score(probeBlock, new VectorBlock(0, DIM, gallery, range(n), range(n)), whole);
    for (int from = 0; from < n; from += 50) {
      int to = Math.min(n, from + 50);
      int[] rows = new int[to - from];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      float[] part = java.util.Arrays.copyOfRange(gallery, from * DIM, to * DIM);
      TopK[] partial = new TopK[9];
      for (int i = 0; i < 9; i++) {
        partial[i] = new TopK(5, false);
      }
      new GemmTopK(16).score(probeBlock, new VectorBlock(from, DIM, part, rows, rows), partial);
      for (int i = 0; i < 9; i++) {
        merged[i].merge(partial[i]);
      }
    }
    assertThat(merged).isEqualTo(whole);
  }

  @Test
  void refusesBlocksOfDifferentDimensions() {
    VectorBlock a = new VectorBlock(1, 2, new float[] {1, 0}, new int[] {0}, new int[] {0});
    VectorBlock b = new VectorBlock(2, 3, new float[] {1, 0, 0}, new int[] {0}, new int[] {0});
    assertThatThrownBy(() -> new GemmTopK(8).score(a, b, new TopK[] {new TopK(1, false)}))
        .hasMessageContaining("2-d").hasMessageContaining("3-d");
  }
}
