package io.facespark.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.TestData;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LfwPeopleTest {

  @Test
  void theRealFoldsArePersonDisjointAndHoldEveryPairOfTheirFold() {
    List<Set<String>> folds = LfwPeople.read(TestData.lfwDir().resolve("people.txt"));
    List<List<LfwPairs.Pair>> pairs = LfwPairs.read(TestData.lfwDir().resolve("pairs.txt"));

    assertThat(folds).hasSize(10);
    Set<String> seen = new HashSet<>();
    for (Set<String> fold : folds) {
      for (String person : fold) {
        assertThat(seen.add(person)).as("%s in two folds", person).isTrue();
      }
    }
    assertThat(seen).hasSize(5749);
    for (int f = 0; f < 10; f++) {
      for (LfwPairs.Pair pair : pairs.get(f)) {
        assertThat(folds.get(f)).as("fold %d", f + 1).contains(pair.a().person(), pair.b().person());
      }
    }
  }

  @Test
  void malformedFilesNameTheLine() {
    assertThatThrownBy(() -> LfwPeople.parse("p.txt", List.of("1", "2", "A\t1")))
        .hasMessageContaining("p.txt ends early");
    assertThatThrownBy(() -> LfwPeople.parse("p.txt", List.of("1", "1", "A 1 x")))
        .hasMessageContaining("p.txt line 3: expected 'name images'");
    assertThatThrownBy(() -> LfwPeople.parse("p.txt", List.of("1", "1", "A 1", "B 2")))
        .hasMessageContaining("1 lines after the last fold");
  }
}
