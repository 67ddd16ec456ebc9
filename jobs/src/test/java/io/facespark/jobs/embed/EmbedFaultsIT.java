package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.launcher.Launcher;
import io.facespark.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embed job under faults, each run in a JVM of its own through bin/facespark: a task that
 * fails its first attempt, and a run killed while writing.
 */
class EmbedFaultsIT {

  @TempDir
  static Path work;

  private static Path input;
  private static int images;
  private static Path clean;

  @BeforeAll
  static void cleanReferenceRun() throws Exception {
    input = work.resolve("lfw");
    images = LfwSubset.copy(input, 12, 4);
    clean = work.resolve("clean");
    Launcher.Result run = Launcher.run(Map.of(), "--master", "local[2]", "embed", "--input", input.toString(),
        "--output", clean.toString(), "--partitions", "4");
    assertThat(run.exitCode()).as("clean run; output:%n%s", run.output()).isZero();
  }

  @Test
  void taskFailingItsFirstAttemptLeavesNoTrace() throws Exception {
    Path out = work.resolve("retried");

    Launcher.Result run = Launcher.run(Map.of(), "--master", "local[2,4]",
        "--conf", "spark.facespark.test.failFirstAttempt=true",
        "embed", "--input", input.toString(), "--output", out.toString(), "--partitions", "4");

    assertThat(run.exitCode()).as("output:%n%s", run.output()).isZero();
    assertThat(run.output()).as("the fault really fired").contains("injected failure of the first attempt");
    double worst = FacesTables.assertSameFaces(out, clean, 0.0);
    assertThat(worst).isZero();
  }

  @Test
  void runKilledMidWriteThenOverwriteGivesACompleteTable() throws Exception {
    Path out = work.resolve("killed");
    Launcher.Running running = Launcher.start(Map.of(), "--master", "local[2]", "embed",
        "--input", input.toString(), "--output", out.toString(), "--partitions", "4");
    waitForStaging(work, "killed", running);
    running.process().descendants().forEach(ProcessHandle::destroyForcibly);
    running.process().destroyForcibly();
    running.process().waitFor(30, TimeUnit.SECONDS);

    assertThat(out).as("nothing visible at the output after the kill").doesNotExist();

    Launcher.Result rerun = Launcher.run(Map.of(), "--master", "local[2]", "embed",
        "--input", input.toString(), "--output", out.toString(), "--partitions", "4", "--mode", "overwrite");

    assertThat(rerun.exitCode()).as("output:%n%s", rerun.output()).isZero();
    FacesTables.assertSameFaces(out, clean, 0.0);
    assertThat(SharedSpark.session().read().parquet(out.toString()).count()).isEqualTo(images);
    try (Stream<Path> siblings = Files.list(work)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".killed."));
    }
  }

  @Test
  void unreadableFileBecomesAReadReject() throws Exception {
    Path in = work.resolve("locked/Colin_Powell");
    Files.createDirectories(in);
    Files.copy(io.facespark.testing.TestData.lfwImage("Colin_Powell", 1), in.resolve("readable.jpg"));
    Path locked = Files.copy(io.facespark.testing.TestData.lfwImage("Colin_Powell", 2), in.resolve("locked.jpg"));
    Files.setPosixFilePermissions(locked, java.util.Set.of());
    Path out = work.resolve("locked-faces");
    // CI runs as root, which reads any file; without the DAC-override capabilities root obeys
    // file permissions like any user, so the job really meets a permission error.
    List<String> withoutOverride = List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--");

    Launcher.Result run = Launcher.run(withoutOverride, Map.of(), "--master", "local[2]", "embed",
        "--input", in.getParent().toString(), "--output", out.toString());

    assertThat(run.exitCode()).as("output:%n%s", run.output()).isZero();
    assertThat(run.output()).containsPattern("images with faces +1").containsPattern("rejected at read +1");
    List<org.apache.spark.sql.Row> rejects = SharedSpark.session().read().parquet(out + "_rejects").collectAsList();
    assertThat(rejects).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("path")).endsWith("locked.jpg");
      assertThat(r.<String>getAs("stage")).isEqualTo("read");
      assertThat(r.<String>getAs("reason")).containsIgnoringCase("permission denied");
    });
  }

  /** The job writes into a hidden staging sibling; its appearance means the write is under way. */
  private static void waitForStaging(Path dir, String table, Launcher.Running running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> siblings = Files.list(dir)) {
        if (siblings.anyMatch(p -> p.getFileName().toString().startsWith("." + table + ".staging-"))) {
          return;
        }
      }
      if (!running.process().isAlive()) {
        throw new AssertionError("the run ended before it started writing:\n" + running.output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no staging directory appeared within 5 minutes:\n" + running.output());
  }
}
