package io.facespark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFilesTest {

  @TempDir
  Path tmp;

  @Test
  void aTreeIsRemovedButWhatItsLinksPointAtStays() throws Exception {
    Path outside = Files.writeString(tmp.resolve("outside.jpg"), "kept");
    Path tree = Files.createDirectories(tmp.resolve("work/a/b"));
    Files.writeString(tree.resolve("table.parquet"), "x");
    Files.createSymbolicLink(tmp.resolve("work/a/link.jpg"), outside);

    TestFiles.deleteRecursively(tmp.resolve("work"));
    TestFiles.deleteRecursively(tmp.resolve("never-made"));

    assertThat(tmp.resolve("work")).doesNotExist();
    assertThat(outside).hasContent("kept");
  }
}
