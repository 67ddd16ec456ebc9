package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.model.dl4j.SmallNetworks;
import io.facespark.jobs.spark.StageProfile;
import io.facespark.jobs.table.Tables;
import io.facespark.testing.SparkTestBase;
import io.facespark.jobs.JobRun;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path.*;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embed job in-process on the shared local[2] session, over real files the test makes. */
class EmbedCommandTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static Map<String, String> expected;
  private static JobRun zooRun;

  static JobRun embed(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--cache-dir";
    all[1] = TestData.models().root().toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return JobRun.of("embed", all);
  }


  @BeforeAll
  static void embedTheZoo() throws IOException {
    expected = BadInputFiles.write(work.resolve("zoo"));
    zooRun = embed("--input", work.resolve("zoo").toString(), "--output", work.resolve("faces").toString(),
        "--batch-size", "4");
  }

  private static String name(String path) {
    return work.resolve("zoo").toUri().relativize(java.net.URI.create(path.replace("file:/", "file:///"))).getPath();
  }

  private static Map<String, Row> byName(Dataset<Row> table) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : table.collectAsList()) {
      rows.put(new org.apache.hadoop.fs.Path(row.getAs("path").toString()).toUri().getPath()
          .substring(work.resolve("zoo").toString().length() + 1), row);
    }
    return rows;
  }

  @Test
  void everyFileBecomesAFaceOrAPreciseReject() {
    assertThat(zooRun.exitCode()).as("exit code; output:%n%s", zooRun.output()).isZero();
    Map<String, Row> faces = byName(spark.read().parquet(work.resolve("faces").toString()));
    Map<String, Row> rejects = byName(spark.read().parquet(work.resolve("faces_rejects").toString()));

    assertThat(faces.size() + rejects.size()).as("faces + rejects = files").isEqualTo(expected.size());
    expected.forEach((file, outcome) -> {
      if (outcome.equals(BadInputFiles.FACE)) {
        assertThat(faces).as("face row for %s (rejects: %s)", file, rejects.get(file)).containsKey(file);
      } else {
        assertThat(rejects).as("reject row for %s", file).containsKey(file);
        assertThat(rejects.get(file).<String>getAs("reason")).as("reason for %s", file).contains(outcome);
        assertThat(rejects.get(file).<String>getAs("stage")).isEqualTo("decode");
      }
    });
  }

  @Test
  void summaryCountsReconcile() {
    long faces = expected.values().stream().filter(BadInputFiles.FACE::equals).count();

    assertThat(zooRun.output())
        .containsPattern("files seen +" + expected.size())
        .containsPattern("images with faces +" + faces)
        .containsPattern("rejected at decode +" + (expected.size() - faces));
  }

  @Test
  void facesTableHasTheGuideSchemaAndNormalisedEmbeddings() {
    Dataset<Row> faces = spark.read().parquet(work.resolve("faces").toString());

    assertThat(faces.schema().fields()).extracting(StructField::name)
        .containsExactly(Tables.FACES.fieldNames());
    assertThat(faces.schema().fields()).extracting(f -> f.dataType().simpleString())
        .containsExactly(java.util.Arrays.stream(Tables.FACES.fields()).map(f -> f.dataType().simpleString())
            .toArray(String[]::new));
    for (Row row : faces.collectAsList()) {
      List<Float> embedding = row.getList(row.fieldIndex("embedding"));
      double norm = Math.sqrt(embedding.stream().mapToDouble(v -> v * v).sum());
      assertThat(embedding).hasSize(128);
      assertThat(norm).as("L2 norm of %s", row.getAs("path").toString()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(row.<String>getAs("model")).isEqualTo("facerec");
      assertThat(row.<String>getAs("model_version")).startsWith("facerec-");
      assertThat(row.<String>getAs("image_id")).isEqualTo(ImageIds.of(row.getAs("path")));
      assertThat(row.isNullAt(row.fieldIndex("bbox"))).as("no detector: bbox is null").isTrue();
    }
  }

  @Test
  void duplicateBytesUnderTwoNamesGiveTwoRowsWithTheSameEmbedding() {
    Map<String, Row> faces = byName(spark.read().parquet(work.resolve("faces").toString()));

    Row original = faces.get("plain/Colin_Powell_0001.jpg");
    Row copy = faces.get("plain/copy with spaces and ü ñ 日本.jpg");

    assertThat(copy.<String>getAs("image_id")).isNotEqualTo(original.getAs("image_id"));
    assertThat(copy.getList(copy.fieldIndex("embedding"))).isEqualTo(original.getList(original.fieldIndex("embedding")));
    assertThat(copy.<String>getAs("label")).isEqualTo("plain");
  }

  @Test
  void aManifestWithDuplicateLinesEmbedsEachPathOnceAsItsDirectoryDoes() throws IOException {
    Path in = work.resolve("dups-in");
    Path colin = Files.createDirectories(in.resolve("Colin_Powell"));
    Path george = Files.createDirectories(in.resolve("George_W_Bush"));
    Files.copy(TestData.lfwImage("Colin_Powell", 1), colin.resolve("a.jpg"));
    Files.copy(TestData.lfwImage("Colin_Powell", 2), colin.resolve("b.jpg"));
    Files.copy(TestData.lfwImage("George_W_Bush", 1), george.resolve("c.jpg"));
    // a.jpg three times: the same line twice, then by its absolute path.
    Path manifest = Files.writeString(work.resolve("dups.csv"), "path,label\n"
        + "dups-in/Colin_Powell/a.jpg,Colin_Powell\ndups-in/Colin_Powell/a.jpg,Colin_Powell\n"
        + colin.resolve("a.jpg").toAbsolutePath() + ",Colin_Powell\n"
        + "dups-in/Colin_Powell/b.jpg,Colin_Powell\ndups-in/George_W_Bush/c.jpg,George_W_Bush\n");

    JobRun listed = embed("--input", in.toString(), "--output", work.resolve("dups-listed").toString());
    JobRun manifested = embed("--input", manifest.toString(), "--output", work.resolve("dups-manifested").toString());

    for (JobRun run : List.of(listed, manifested)) {
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).as("the summary of%n%s", run.output()).containsPattern("files seen +3\\b")
          .containsPattern("face rows written +3\\b").containsPattern("rejects +0\\b");
    }
    List<String> fromManifest = pathsAndLabels(work.resolve("dups-manifested"));
    assertThat(fromManifest).as("each path once").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(pathsAndLabels(work.resolve("dups-listed")));
  }

  private static List<String> pathsAndLabels(Path table) {
    return spark.read().parquet(table.toString()).collectAsList().stream()
        .map(row -> row.getAs("path") + " " + row.getAs("label")).toList();
  }

  @Test
  void aModelThatFailsToBuildStopsTheRunBeforeAnySparkJob() throws Exception {
    Path zip = SmallNetworks.save(SmallNetworks.graph(3), work.resolve("wrong-layer.zip"));
    SmallNetworks.sidecar(zip, SmallNetworks.sidecarJson("tiny", SmallNetworks.HEIGHT, SmallNetworks.WIDTH, "RGB",
        "[0, 0, 0]", "1", "\"fc7\""));
    // A manifest: reading it is Spark work, which must not start before the model is known to load.
    Path manifest = Files.writeString(work.resolve("bad-model.csv"),
        "path\n" + TestData.lfwImage("Colin_Powell", 1) + "\n");
    StageProfile sparkJobs = StageProfile.start(spark);
    JobRun run;
    try {
      run = embed("--input", manifest.toString(), "--output", work.resolve("bad-model").toString(),
          "--model", "dl4j:" + zip);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      sparkJobs.stop(spark);
    }

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).as("the loader's one-line error").contains("\"fc7\"").contains(zip.toString())
        .doesNotContain("\tat ");
    assertThat(sparkJobs.jobCount()).as("Spark jobs started").isZero();
    assertThat(work.resolve("bad-model")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theImagesAreEmbeddedInTheRequestedTasksAndCountedOnceWithOrWithoutAdaptiveExecution(boolean adaptive)
      throws Exception {
    Path images = work.resolve("tasks-" + adaptive);
    assertThat(LfwSubset.copy(images, 6, 2)).isEqualTo(12);
    String before = spark.conf().get("spark.sql.adaptive.enabled");
    spark.conf().set("spark.sql.adaptive.enabled", adaptive);
    StageProfile stages = StageProfile.start(spark);
    JobRun run;
    try {
      // 4 tasks written into 2 files (one per core of local[2]): the merge must not pull the embedding into 2 tasks.
      run = embed("--input", images.toString(), "--output", work.resolve("tasks-out-" + adaptive).toString(),
          "--partitions", "4", "--batch-size", "2");
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      stages.stop(spark);
      spark.conf().set("spark.sql.adaptive.enabled", before);
    }

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("face rows written\\s+12\\b").containsPattern("rejects\\s+0\\b");
    assertThat(stages.stageTasks()).as("tasks of each stage; the embedding's is first").first().isEqualTo(4);
    assertThat(spark.read().parquet(work.resolve("tasks-out-" + adaptive).toString()).count()).isEqualTo(12);
  }

  @Test
  void runAfterRunInOneJvmReusesTheSameNetworksInsteadOfKeepingEachRunsDriverModel() throws Exception {
    Path images = work.resolve("again");
    assertThat(LfwSubset.copy(images, 1, 2)).isEqualTo(2);
    List<Integer> held = new java.util.ArrayList<>();
    String version = null;
    for (int run = 0; run < 3; run++) {
      JobRun result = embed("--input", images.toString(), "--output", work.resolve("again-out").toString(),
          "--mode", "overwrite", "--batch-size", "2");
      assertThat(result.exitCode()).as(result.output()).isZero();
      version = spark.read().parquet(work.resolve("again-out").toString()).first().getAs("model_version");
      held.add(ExecutorModels.held(version));
    }

    // Each run builds a driver model to prove the model loads; it must not pile up in the pool.
    assertThat(held).as("networks of %s held after each run", version).containsOnly(held.get(0));
    assertThat(held.get(0)).as("at most one per core of local[2]").isBetween(1, 2);
  }

  @Test
  void existingOutputIsNotClobberedWithoutOverwrite() {
    JobRun again = embed("--input", work.resolve("zoo").toString(), "--output", work.resolve("faces").toString());

    assertThat(again.exitCode()).isNotZero();
    assertThat(again.output()).contains("already exists").contains("--mode overwrite");
  }

  @Test
  void aRunWithoutRejectsWritesAnEmptyRejectsTableOfTheSameSchema() throws IOException {
    Path out = work.resolve("clean");
    Path in = Files.createDirectories(work.resolve("clean-in/Colin_Powell"));
    Files.copy(TestData.lfwImage("Colin_Powell", 1), in.resolve("a.jpg"));

    JobRun run = embed("--input", in.getParent().toString(), "--output", out.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    Dataset<Row> rejects = spark.read().parquet(out + "_rejects");
    assertThat(rejects.count()).isZero();
    assertThat(rejects.schema()).as("the zoo run's rejects table, which has rows")
        .isEqualTo(spark.read().parquet(work.resolve("faces_rejects").toString()).schema());
  }

  @Test
  void appendSkipsWhatTheTablesAlreadyHold() throws IOException {
    Path out = work.resolve("append");
    Path in = Files.createDirectories(work.resolve("append-in/Colin_Powell"));
    Files.copy(TestData.lfwImage("Colin_Powell", 1), in.resolve("a.jpg"));
    assertThat(embed("--input", in.getParent().toString(), "--output", out.toString()).exitCode()).isZero();
    Files.copy(TestData.lfwImage("Colin_Powell", 2), in.resolve("b.jpg"));

    JobRun append = embed("--input", in.getParent().toString(), "--output", out.toString(), "--mode", "append");
    JobRun rerun = embed("--input", in.getParent().toString(), "--output", out.toString(), "--mode", "append");

    assertThat(append.exitCode()).as(append.output()).isZero();
    assertThat(append.output()).containsPattern("skipped \\(already in the tables\\) +1");
    assertThat(rerun.exitCode()).as(rerun.output()).isZero();
    assertThat(spark.read().parquet(out.toString()).count()).as("rows after append and rerun").isEqualTo(2);
  }

  @Test
  void appendingAnotherModelVersionIsRefusedBeforeAnyWork() throws IOException {
    Path out = work.resolve("other-model");
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("x", "file:/x.jpg", null, 0, null, null, null,
        new float[] {1f}, "facerec", "facerec-000000000000", new java.sql.Timestamp(0))), Tables.FACES)
        .write().parquet(out.toString());

    JobRun run = embed("--input", work.resolve("zoo").toString(), "--output", out.toString(), "--mode", "append");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("facerec-000000000000").contains("but this run uses facerec-");
  }

  @Test
  void badOptionsFailBeforeAnyStage() {
    assertThat(embed("--input", work.resolve("nope").toString(), "--output", work.resolve("x").toString()).output())
        .contains("does not exist");
    assertThat(embed("--input", work.resolve("zoo").toString(), "--output", work.resolve("y").toString(),
        "--batch-size", "0").output()).contains("--batch-size must be between 1 and 1024");
    assertThat(embed("--input", work.resolve("zoo").toString(), "--output", work.resolve("z").toString(),
        "--model", "dl4j:/no/such/model.zip").output()).contains("/no/such/model.zip");
  }

  @Test
  void aSecondRunOnAnOutputThatAnotherRunHoldsIsRefused() throws IOException {
    Path out = work.resolve("held");
    String host = java.net.InetAddress.getLocalHost().getHostName();
    // What a live run on this host leaves while it writes: its lock (here held by this very JVM).
    Files.writeString(work.resolve(".held.lock"), "run_id=first-run\nhost=" + host + "\npid="
        + ProcessHandle.current().pid() + "\nstarted=2026-11-29T20:00:00Z\n");

    JobRun second = embed("--input", work.resolve("zoo").toString(), "--output", out.toString());

    assertThat(second.exitCode()).as(second.output()).isEqualTo(2);
    assertThat(second.output()).contains("--output file:" + out + " is being written by run first-run (host " + host)
        .contains("wait for it to finish").doesNotContain("\tat ");
    assertThat(out).as("the second run wrote nothing").doesNotExist();
    assertThat(work.resolve(".held.lock")).as("the holder's lock is untouched").content().contains("first-run");
  }

  @Test
  void aStaleLockOfAKilledRunIsTakenOverAndSaidSo() throws Exception {
    Path out = work.resolve("after-kill");
    Process killed = new ProcessBuilder("true").start();
    killed.waitFor();
    Files.writeString(work.resolve(".after-kill.lock"), "run_id=killed-run\nhost="
        + java.net.InetAddress.getLocalHost().getHostName() + "\npid=" + killed.pid()
        + "\nstarted=2026-11-29T20:00:00Z\n");

    JobRun run = embed("--input", work.resolve("zoo").toString(), "--output", out.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("NOTE: took over the stale lock of --output").contains("killed-run")
        .contains("its process " + killed.pid() + " on this host is gone");
    assertThat(work.resolve(".after-kill.lock")).as("released at the end").doesNotExist();
    assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(
        expected.values().stream().filter(BadInputFiles.FACE::equals).count());
  }
}
