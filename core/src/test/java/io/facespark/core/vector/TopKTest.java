package io.facespark.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

  private static String ranked(TopK top) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < top.size(); i++) {
      s.append(i == 0 ? "" : " ").append(top.entry(i)).append('/').append(top.row(i)).append('=').append(top.score(i));
    }
    return s.toString();
  }

  @Test
  void keepsTheKBestSortedWithTiesByEntryThenRow() {
    TopK top = new TopK(3, false);
    top.offer(0.5f, 7, 7);
    top.offer(0.9f, 3, 3);
    top.offer(0.5f, 2, 2);
    top.offer(0.1f, 1, 1);
    top.offer(0.5f, 4, 4);
    assertThat(ranked(top)).as("score desc, then entry asc").isEqualTo("3/3=0.9 2/2=0.5 4/4=0.5");
    assertThat(top.floor()).isEqualTo(0.5f);
  }

  @Test
  void floorIsNegativeInfinityUntilFull() {
    TopK top = new TopK(2, false);
    top.offer(0.3f, 1, 1);
    assertThat(top.floor()).isEqualTo(Float.NEGATIVE_INFINITY);
    top.offer(0.2f, 2, 2);
    assertThat(top.floor()).isEqualTo(0.2f);
  }

  @Test
  void distinctEntriesKeepEachIdentitysBestRow() {
    TopK top = new TopK(2, true);
    top.offer(0.4f, 1, 10);
    top.offer(0.8f, 1, 11);
    top.offer(0.6f, 2, 20);
    top.offer(0.6f, 2, 19);
    top.offer(0.5f, 1, 12);
    assertThat(ranked(top)).as("identity 1 keeps its max, identity 2 the lower row on a tie")
        .isEqualTo("1/11=0.8 2/19=0.6");
  }

  @Test
  void anEvictedIdentityComesBackWithABetterScore() {
    TopK top = new TopK(1, true);
    top.offer(0.3f, 5, 50);
    top.offer(0.4f, 6, 60);
    top.offer(0.9f, 5, 51);
    assertThat(ranked(top)).isEqualTo("5/51=0.9");
  }

  @Test
  void resultDoesNotDependOnArrivalOrderOrMergeSplit() {
    Random random = new Random(42);
    List<float[]> candidates = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // Few distinct scores and few identities: many ties, many repeats.
      candidates.add(new float[] {random.nextInt(20) / 20f, random.nextInt(40), i});
    }
    for (boolean distinct : new boolean[] {false, true}) {
      String expected = null;
      for (int trial = 0; trial < 20; trial++) {
        Collections.shuffle(candidates, random);
        int split = random.nextInt(candidates.size());
        TopK left = new TopK(7, distinct);
        TopK right = new TopK(7, distinct);
        for (int i = 0; i < candidates.size(); i++) {
          float[] c = candidates.get(i);
          (i < split ? left : right).offer(c[0], (int) c[1], (int) c[2]);
        }
        String result = ranked(left.merge(right));
        if (expected == null) {
          expected = result;
        }
        assertThat(result).as("distinct=%s trial %d", distinct, trial).isEqualTo(expected);
      }
    }
  }

  @Test
  void rejectsKBelowOne() {
    assertThatThrownBy(() -> new TopK(0, false)).hasMessageContaining("k must be at least 1");
  }
}
