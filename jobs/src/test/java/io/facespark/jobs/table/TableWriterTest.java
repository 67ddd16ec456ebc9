package io.facespark.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
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
  void floatArraysAreWrittenWithoutADictionaryAndOtherColumnsKeepIt() throws IOException {
    Path table = dir.resolve("t");
    // Repeated values, so that a dictionary would be kept wherever it is allowed.
    Dataset<Row> rows = spark.range(0, 200).selectExpr("cast(id % 3 as string) as label",
        "array(cast(id % 3 as float), 1.0f) as embedding");

    new TableWriter(spark, table.toString()).write(rows, WriteMode.ERROR);

    Map<String, Set<Encoding>> encodings = new HashMap<>();
    try (Stream<Path> files = Files.list(table)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(file.toUri()), spark.sparkContext().hadoopConfiguration()))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : block.getColumns()) {
              encodings.computeIfAbsent(column.getPath().toDotString(), k -> new HashSet<>())
                  .addAll(column.getEncodings());
            }
          }
        }
      }
    }
    assertThat(encodings.get("label")).as("a string column").contains(Encoding.PLAIN_DICTIONARY);
    assertThat(encodings.get("embedding.list.element")).as("a float-array column")
        .doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY).contains(Encoding.PLAIN);
    assertThat(spark.read().parquet(table.toString()).count()).isEqualTo(200);
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

  @Test
  void aSecondWriterIsRefusedWhileTheFirstHoldsTheLockAndMayTakeItAfter() throws IOException {
    Path table = dir.resolve("t");
    TableWriter first = new TableWriter(spark, table.toString());
    TableWriter second = new TableWriter(spark, table.toString());

    try (OutputLock held = first.lock("--output", "run-one")) {
      assertThat(held.tookOver()).isNull();
      assertThat(Files.readString(dir.resolve(".t.lock"))).contains("run_id=run-one")
          .contains("pid=" + ProcessHandle.current().pid()).contains("started=");
      assertThatThrownBy(() -> second.lock("--output", "run-two"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--output " + first.location() + " is being written by run run-one")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("wait for it to finish or choose another output");
    }

    assertThat(dir.resolve(".t.lock")).as("released when the run ends").doesNotExist();
    try (OutputLock taken = second.lock("--output", "run-two")) {
      assertThat(taken.tookOver()).isNull();
    }
  }

  @Test
  void aLockWhoseProcessIsGoneIsTakenOverAndSaidSo() throws Exception {
    Path table = dir.resolve("t");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve(".t.lock"), "run_id=killed-run\nhost=" + java.net.InetAddress.getLocalHost().getHostName()
        + "\npid=" + gone.pid() + "\nstarted=2026-11-29T08:00:00Z\n");

    try (OutputLock lock = new TableWriter(spark, table.toString()).lock("--output", "run-new")) {
      assertThat(lock.tookOver()).contains("took over the stale lock").contains("killed-run")
          .contains("its process " + gone.pid() + " on this host is gone");
      assertThat(Files.readString(dir.resolve(".t.lock"))).contains("run_id=run-new");
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).as("no lock or stale copy left").isEmpty();
    }
  }

  @Test
  void aLockFromAnotherHostIsStaleOnlyWhenItsHeartbeatStopped() throws IOException {
    Path table = dir.resolve("t");
    Path lockFile = Files.writeString(dir.resolve(".t.lock"),
        "run_id=remote-run\nhost=some-other-host\npid=1\nstarted=2026-11-29T08:00:00Z\n");
    TableWriter writer = new TableWriter(spark, table.toString());

    assertThatThrownBy(() -> writer.lock("--output", "run-new")).hasMessageContaining("remote-run")
        .hasMessageContaining("some-other-host");

    Files.setLastModifiedTime(lockFile, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(OutputLock.STALE_AFTER).minusSeconds(60)));
    try (OutputLock lock = writer.lock("--output", "run-new")) {
      assertThat(lock.tookOver()).contains("remote-run").contains("no heartbeat for");
    }
  }
}
