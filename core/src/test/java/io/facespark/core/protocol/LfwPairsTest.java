package io.facespark.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.protocol.LfwPairs.Image;
import io.facespark.core.protocol.LfwPairs.Pair;
import io.facespark.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class LfwPairsTest {

  @Test
  void parsesFoldsOfSameThenDifferentPairs() {
    List<List<Pair>> folds = LfwPairs.parse("t", List.of("2\t1", "Ann 1 2", "Ann 1 Bob 3", "Cy 2 4", "Cy 1 Di 1"));

    assertThat(folds).hasSize(2);
    assertThat(folds.get(0)).containsExactly(
        new Pair(new Image("Ann", 1), new Image("Ann", 2), true),
        new Pair(new Image("Ann", 1), new Image("Bob", 3), false));
    assertThat(folds.get(1).get(1).b().relativePath()).isEqualTo("Di/Di_0001.jpg");
  }

  @Test
  void officialView2FileHasTenFoldsOf600() {
    List<List<Pair>> folds = LfwPairs.read(TestData.lfwDir().resolve("pairs.txt"));

    assertThat(folds).hasSize(10).allSatisfy(fold -> {
      assertThat(fold).hasSize(600);
      assertThat(fold.subList(0, 300)).allMatch(Pair::same);
      assertThat(fold.subList(300, 600)).noneMatch(Pair::same);
    });
    assertThat(folds.get(0).get(0)).isEqualTo(new Pair(new Image("Abel_Pacheco", 1), new Image("Abel_Pacheco", 4), true));
  }

  @Test
  void view1FileIsOneFold() {
    assertThat(LfwPairs.read(TestData.lfwDir().resolve("pairsDevTest.txt"))).singleElement()
        .satisfies(fold -> assertThat(fold).hasSize(1000));
  }

  @Test
  void wrongCountsAndBadLinesAreNamed() {
    assertThatThrownBy(() -> LfwPairs.parse("p.txt", List.of("1\t2", "Ann 1 2")))
        .hasMessageContaining("promises 4 pairs but the file has 1");
    assertThatThrownBy(() -> LfwPairs.parse("p.txt", List.of("1", "Ann 1 Bob 2", "Cy 1 Di 2")))
        .hasMessageContaining("p.txt line 2").hasMessageContaining("same-person line");
  }
}
