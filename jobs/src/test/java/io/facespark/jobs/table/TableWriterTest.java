package io.facespark.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest extends SparkTestBase {

  @TempDir
  Path dir;

  private Dataset<Row> ids(long from, long to) {
    return spark.range(from, to).toDF("id");
  }

  private long count(Path table) {
    return spark.read().parquet(table.toString()).count();
  }

  @Test
  void errorModeRefusesAnExistingTable() {
    Path table = dir.resolve("t");
    new TableWriter(spark, table.toString()).write(ids(0, 5), WriteMode.ERROR);

    TableWriter again = new TableWriter(spark, table.toString());

    assertThatThrownBy(() -> again.checkWritable(WriteMode.ERROR, "--output"))
        .hasMessageContaining("already exists").hasMessageContaining("--mode overwrite");
  }

  @Test
  void overwriteReplacesTheWholeTableAndLeavesNothingHidden() throws IOException {
    Path table = dir.resolve("t");
    new TableWriter(spark, table.toString()).write(ids(0, 50), WriteMode.ERROR);

    new TableWriter(spark, table.toString()).write(ids(100, 107), WriteMode.OVERWRITE);

    assertThat(count(table)).isEqualTo(7);
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("t");
    }
  }

  @Test
  void leftoversOfAKilledRunAreInvisibleAndCleanedByTheNextRun() throws IOException {
    Path table = dir.resolve("t");
    new TableWriter(spark, table.toString()).write(ids(0, 3), WriteMode.ERROR);
    // What a run killed mid-write leaves: a half-written hidden staging directory.
    Path staging = Files.createDirectories(dir.resolve(".t.staging-killed/_temporary/0"));
    Files.writeString(staging.resolve("part-00000.parquet"), "half a file");

    assertThat(count(table)).as("readers see the old, complete table").isEqualTo(3);

    new TableWriter(spark, table.toString()).write(ids(0, 4), WriteMode.OVERWRITE);

    assertThat(count(table)).isEqualTo(4);
    assertThat(dir.resolve(".t.staging-killed")).doesNotExist();
  }

  @Test
  void appendAddsRows() {
    Path table = dir.resolve("t");
    new TableWriter(spark, table.toString()).write(ids(0, 3), WriteMode.ERROR);

    new TableWriter(spark, table.toString()).write(ids(3, 5), WriteMode.APPEND);

    assertThat(count(table)).isEqualTo(5);
  }

  @Test
  void aFileInTheWayIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");

    assertThatThrownBy(() -> new TableWriter(spark, file.toString()).checkWritable(WriteMode.OVERWRITE, "--output"))
        .hasMessageContaining("is a file, not a table directory");
  }
}
