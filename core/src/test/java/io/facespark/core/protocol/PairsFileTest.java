package io.facespark.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsFileTest {

  @TempDir
  Path dir;

  @Test
  void smallFileIsOneFoldAndAcceptsBothSpellingsOfSame() throws IOException {
    Path file = Files.writeString(dir.resolve("p.csv"), "a,b,same\nx, y ,1\nx,z,false\n\n");

    assertThat(PairsFile.read(file)).containsExactly(List.of(
        new PairsFile.KeyedPair("x", "y", true), new PairsFile.KeyedPair("x", "z", false)));
  }

  @Test
  void twentyOrMorePairsSplitIntoTenFoldsByLine() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,same\n");
    for (int i = 0; i < 25; i++) {
      csv.append("a").append(i).append(",b").append(i).append(',').append(i % 2).append('\n');
    }

    List<List<PairsFile.KeyedPair>> folds = PairsFile.read(Files.writeString(dir.resolve("p.csv"), csv));

    assertThat(folds).hasSize(10);
    assertThat(folds.get(0)).extracting(PairsFile.KeyedPair::a).containsExactly("a0", "a10", "a20");
    assertThat(folds.stream().mapToInt(List::size).sum()).isEqualTo(25);
  }

  @Test
  void badLinesAreNamed() throws IOException {
    assertThatThrownBy(() -> PairsFile.read(Files.writeString(dir.resolve("p.csv"), "a,b,same\nx,y\n")))
        .hasMessageContaining("line 2").hasMessageContaining("expected 3 columns");
    assertThatThrownBy(() -> PairsFile.read(Files.writeString(dir.resolve("q.csv"), "a,b,same\nx,y,maybe\n")))
        .hasMessageContaining("'same' must be 1/0");
  }
}
