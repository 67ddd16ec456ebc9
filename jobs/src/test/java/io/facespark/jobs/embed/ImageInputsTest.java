package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.jobs.spark.StageProfile;
import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputsTest extends SparkTestBase {

  @TempDir
  Path dir;

  private static Path file(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.writeString(path, content);
  }

  private static Map<String, String> labelsByFileName(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(
        r -> org.apache.hadoop.fs.Path.getPathWithoutSchemeAndAuthority(new org.apache.hadoop.fs.Path(r.getString(0))).getName(),
        r -> r.isNullAt(1) ? "<null>" : r.getString(1)));
  }

  @Test
  void directoryIsListedRecursivelyWithParentFolderLabelsAndNothingDropped() throws IOException {
    file(dir.resolve("Ann_Lee/Ann_Lee_0001.jpg"), "a");
    file(dir.resolve("Ann_Lee/Ann_Lee_0002.jpg"), "bb");
    file(dir.resolve("batch 2/Zoë Ō/zoë 1.jpg"), "ccc");
    file(dir.resolve("top.jpg"), "dddd");
    file(dir.resolve("Ann_Lee/zero.jpg"), "");
    file(dir.resolve("Ann_Lee/.hidden.jpg"), "e");
    Files.createDirectories(dir.resolve("empty/nested"));

    List<Row> rows = ImageInputs.resolve(spark, dir.toString()).files().collectAsList();

    assertThat(labelsByFileName(rows)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Ann_Lee_0001.jpg", "Ann_Lee", "Ann_Lee_0002.jpg", "Ann_Lee",
        "zoë 1.jpg", "Zoë Ō", "top.jpg", "<null>", "zero.jpg", "Ann_Lee", ".hidden.jpg", "Ann_Lee"));
    assertThat(rows).allSatisfy(r -> assertThat(r.getString(0)).startsWith("file:/"));
    assertThat(rows.stream().mapToLong(r -> r.getLong(2)).sum()).as("lengths from the listing").isEqualTo(11);
  }

  @Test
  void aDirectoryListingIsCountedOnTheDriverWithoutASparkJob() throws Exception {
    file(dir.resolve("Ann/a.jpg"), "a");
    file(dir.resolve("Ann/b.jpg"), "b");
    file(dir.resolve("Bob/c.jpg"), "c");
    Files.createSymbolicLink(dir.resolve("Zed"), java.nio.file.Path.of("Bob"));
    StageProfile sparkJobs = StageProfile.start(spark);
    ImageInputs.Listing listing;
    long count;
    try {
      listing = ImageInputs.resolve(spark, dir.toString());
      count = listing.count();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      sparkJobs.stop(spark);
    }

    assertThat(sparkJobs.jobCount()).as("Spark jobs to list and count").isZero();
    assertThat(count).isEqualTo(3).isEqualTo(listing.files().collectAsList().size());
  }

  @Test
  void aListingIsSplitIntoTasksWhereItLiesAndAManifestByOneShuffle() throws IOException {
    StringBuilder csv = new StringBuilder("path,label\n");
    for (int i = 0; i < 10; i++) {
      file(dir.resolve("p" + (i % 3) + "/f" + i + ".jpg"), "x");
      csv.append("p").append(i % 3).append("/f").append(i).append(".jpg,\n");
    }
    Path manifest = Files.writeString(dir.resolve("list.csv"), csv, StandardCharsets.UTF_8);

    Dataset<Row> listed = ImageInputs.resolve(spark, dir + "/p*").inTasks(4);
    Dataset<Row> fromManifest = ImageInputs.resolve(spark, manifest.toString()).inTasks(4);

    assertThat(listed.rdd().getNumPartitions()).isEqualTo(4);
    assertThat(listed.queryExecution().executedPlan().toString()).as("a driver listing needs no shuffle")
        .doesNotContain("Exchange");
    assertThat(listed.javaRDD().glom().collect()).as("even slices")
        .allSatisfy(slice -> assertThat(slice.size()).isBetween(2, 3));
    assertThat(fromManifest.rdd().getNumPartitions()).isEqualTo(4);
    for (Dataset<Row> split : List.of(listed, fromManifest)) {
      assertThat(split.collectAsList()).extracting(r -> r.getString(0).replaceAll(".*/", ""))
          .as("each file once").containsExactlyInAnyOrder("f0.jpg", "f1.jpg", "f2.jpg", "f3.jpg", "f4.jpg", "f5.jpg",
              "f6.jpg", "f7.jpg", "f8.jpg", "f9.jpg");
    }
  }

  @Test
  void globSelectsMatchingFiles() throws IOException {
    file(dir.resolve("a/x1.jpg"), "1");
    file(dir.resolve("a/y1.jpg"), "2");
    file(dir.resolve("b/x2.jpg"), "3");

    List<Row> rows = ImageInputs.resolve(spark, dir + "/*/x*.jpg").files().collectAsList();

    assertThat(labelsByFileName(rows)).containsOnlyKeys("x1.jpg", "x2.jpg").containsEntry("x2.jpg", "b");
  }

  @Test
  void csvManifestResolvesRelativePathsAndKeepsLabels() throws IOException {
    Path image = file(dir.resolve("imgs/p.jpg"), "1");
    Path manifest = Files.writeString(dir.resolve("list.csv"),
        "path,label\nimgs/p.jpg,Pat\n" + image.toAbsolutePath() + ",Pat\nimgs/missing.jpg,\n", StandardCharsets.UTF_8);

    ImageInputs.Listing listing = ImageInputs.resolve(spark, manifest.toString());
    List<Row> rows = listing.files().collectAsList();

    assertThat(rows).as("the same file listed twice counts once").hasSize(2);
    assertThat(listing.count()).as("counted by Spark, each path once").isEqualTo(2);
    assertThat(listing.files().rdd().getNumPartitions()).as("one partition per core, not Spark's 200 shuffle partitions")
        .isEqualTo(spark.sparkContext().defaultParallelism());
    assertThat(labelsByFileName(rows)).containsEntry("p.jpg", "Pat").containsEntry("missing.jpg", "<null>");
  }

  @Test
  void missingInputFailsBeforeAnyStage() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> ImageInputs.resolve(spark, missing.toString()))
        .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ImageInputs.resolve(spark, dir + "/*.png"))
        .hasMessageContaining("matches no files");
  }

  @Test
  void manifestWithoutPathColumnIsRefused() throws IOException {
    Path manifest = Files.writeString(dir.resolve("bad.csv"), "file,label\na.jpg,x\n");

    assertThatThrownBy(() -> ImageInputs.resolve(spark, manifest.toString()))
        .hasMessageContaining("no 'path' column").hasMessageContaining("file, label");
  }

  @Test
  void directoryLinksAreListedOnceByIdentityAndSkippedOnesAreReported() throws IOException {
    file(dir.resolve("Ann/a.jpg"), "a");
    file(dir.resolve("Bob/b.jpg"), "b");
    Files.createSymbolicLink(dir.resolve("Ann/up"), java.nio.file.Path.of(".."));
    Files.createSymbolicLink(dir.resolve("Zed"), java.nio.file.Path.of("Bob"));
    Files.createSymbolicLink(dir.resolve("gone.jpg"), java.nio.file.Path.of("nowhere.jpg"));

    ImageInputs.Listing listing = ImageInputs.resolve(spark, dir.toString());

    assertThat(labelsByFileName(listing.files().collectAsList())).as("each file once, the dangling link too")
        .containsOnlyKeys("a.jpg", "b.jpg", "gone.jpg");
    assertThat(listing.skippedLinks()).containsExactly(
        dir.resolve("Ann/up") + " -> .. (a cycle: it leads back to a folder that contains it)",
        dir.resolve("Zed") + " -> Bob (already listed under another name)");
  }

  @Test
  void manifestNamesWithColonsResolveAgainstTheManifestFolder() {
    assertThat(ImageInputs.qualify("12:30:00.jpg", "file:/data")).isEqualTo("file:/data/12:30:00.jpg");
    assertThat(ImageInputs.qualify("day 1/12:30:00.jpg", "file:/data")).isEqualTo("file:/data/day 1/12:30:00.jpg");
    assertThat(ImageInputs.qualify("hdfs://nn/x/a.jpg", "file:/data")).isEqualTo("hdfs://nn/x/a.jpg");
    assertThat(ImageInputs.qualify("/abs/a.jpg", "file:/data")).isEqualTo("file:/abs/a.jpg");
  }
}
