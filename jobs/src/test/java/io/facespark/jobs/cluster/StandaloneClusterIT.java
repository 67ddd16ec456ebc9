package io.facespark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.embed.FacesTables;
import io.facespark.jobs.embed.LfwSubset;
import io.facespark.jobs.launcher.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/facespark against a real standalone cluster on loopback, in client and in cluster deploy
 * mode. The embed job's cluster tests build on the same harness.
 */
class StandaloneClusterIT {

  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = StandaloneCluster.start(2, "4g");
  }

  @Test
  void embedInClientModeEqualsLocalMode(@TempDir Path work) throws Exception {
    Path input = work.resolve("lfw");
    int images = LfwSubset.copy(input, 8, 3);
    Launcher.Result local = Launcher.run(Map.of(), "embed", "--input", input.toString(),
        "--output", work.resolve("local").toString());
    assertThat(local.exitCode()).as("local run:%n%s", local.output()).isZero();

    Set<Path> earlierExecutors = cluster.executorLogs();
    Launcher.Result result = submit("--executor-memory", "2g", "embed", "--input", input.toString(),
        "--output", work.resolve("client").toString());

    assertThat(result.exitCode()).as("output:%n%s", result.output()).isZero();
    assertThat(result.output()).containsPattern("images with faces +" + images);
    FacesTables.assertSameFaces(work.resolve("client"), work.resolve("local"), 1e-5);
    Set<Path> executors = new HashSet<>(cluster.executorLogs());
    executors.removeAll(earlierExecutors);
    assertThat(executors).as("this run's executor logs").isNotEmpty();
    for (Path log : executors) {
      String text = Files.readString(log);
      int loaded = text.indexOf("ND4J native backend loaded on");
      assertThat(loaded).as("the plugin's line in %s:%n%s", log, text).isNotNegative();
      int firstTask = text.indexOf("Running task");
      assertThat(firstTask < 0 || loaded < firstTask).as("backend loaded before the first task in %s:%n%s", log, text)
          .isTrue();
    }
  }

  @Test
  void embedInClusterModeEqualsLocalMode(@TempDir Path work) throws Exception {
    Path input = work.resolve("lfw");
    int images = LfwSubset.copy(input, 8, 3);
    Launcher.Result local = Launcher.run(Map.of(), "embed", "--input", input.toString(),
        "--output", work.resolve("local").toString());
    assertThat(local.exitCode()).as("local run:%n%s", local.output()).isZero();

    Launcher.Result result = submit("--deploy-mode", "cluster", "--driver-memory", "1500m", "--executor-memory", "2g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "embed", "--input", input.toString(), "--output", work.resolve("cluster").toString());
    StandaloneCluster.DriverOutcome driver = cluster.driverOutcome(result.output(), 300);

    assertThat(driver.state()).as("driver state; stderr:%n%s", driver.stderr()).isEqualTo("FINISHED");
    assertThat(driver.stdout()).containsPattern("images with faces +" + images);
    FacesTables.assertSameFaces(work.resolve("cluster"), work.resolve("local"), 1e-5);
  }

  @Test
  void trainRunsOnTheClusterAsLocally(@TempDir Path work) throws Exception {
    Path input = work.resolve("lfw");
    LfwSubset.copy(input, 10, 4);
    Launcher.Result embed = Launcher.run(Map.of(), "embed", "--input", input.toString(), "--output", work.resolve("faces").toString());
    assertThat(embed.exitCode()).as("embed:%n%s", embed.output()).isZero();
    String[] train = {"train", "--faces", work.resolve("faces").toString(), "--epochs", "3", "--batch-size", "8",
        "--dim", "32", "--workers", "2", "--seed", "5"};

    Launcher.Result local = Launcher.run(Map.of(), concat(train, "--output", work.resolve("head-local").toString()));
    Launcher.Result onCluster = submit(concat(concat(new String[] {"--executor-memory", "2g"}, train),
        "--output", work.resolve("head-cluster").toString()));

    assertThat(local.exitCode()).as("local:%n%s", local.output()).isZero();
    assertThat(onCluster.exitCode()).as("cluster:%n%s", onCluster.output()).isZero();
    for (String line : new String[] {"training faces", "labels", "workers x batch"}) {
      assertThat(value(onCluster.output(), line)).as(line).isEqualTo(value(local.output(), line));
    }
    assertThat(work.resolve("head-cluster/head.zip")).isNotEmptyFile();
    System.out.println("train samples/s: local " + value(local.output(), "samples/s") + ", cluster "
        + value(onCluster.output(), "samples/s"));
  }

  private static String value(String output, String key) {
    return output.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length()).trim())
        .findFirst().orElseThrow(() -> new AssertionError("no '" + key + "' line in:\n" + output));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Launcher.Result submit(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "--master";
    all[1] = cluster.masterUrl();
    System.arraycopy(args, 0, all, 2, args.length);
    return Launcher.run(cluster.environment(), all);
  }

  @Test
  void doctorRunsInClientMode() throws Exception {
    Launcher.Result result = submit("--executor-memory", "1g", "doctor");

    assertThat(result.output())
        .containsPattern("Spark +OK +3\\.5\\.9 on spark://127\\.0\\.0\\.1:\\d+")
        .as("the workers start without GLIBC_TUNABLES: the executors have it from bin/facespark")
        .containsPattern("native allocator \\(executors\\) +OK +GLIBC_TUNABLES=glibc\\.malloc\\.mmap_threshold=")
        .contains("All checks passed.");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void doctorRunsInClusterModeAndTheDriverStateIsChecked() throws Exception {
    // The driver runs on the worker too: it must leave the worker memory for an executor.
    Launcher.Result result = submit("--deploy-mode", "cluster", "--driver-memory", "1g", "--executor-memory", "1g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true", "doctor");

    StandaloneCluster.DriverOutcome driver = cluster.driverOutcome(result.output(), 240);

    assertThat(driver.state()).as("driver state; stderr:%n%s", driver.stderr()).isEqualTo("FINISHED");
    assertThat(driver.stdout())
        .containsPattern("Spark +OK +3\\.5\\.9 on spark://127\\.0\\.0\\.1:\\d+")
        .contains("All checks passed.");
  }

  @Test
  void failingDriverIsSeenAsFailedDespiteExitCodeZero() throws Exception {
    Launcher.Result result = submit("--deploy-mode", "cluster", "--driver-memory", "1g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "doctor", "--cache-dir", "/nonexistent/facespark-cache", "--skip-spark");

    assertThat(result.exitCode()).as("spark-submit's own exit code (the trap this test guards)").isZero();

    StandaloneCluster.DriverOutcome driver = cluster.driverOutcome(result.output(), 240);

    assertThat(driver.state()).isEqualTo("FAILED");
    assertThat(driver.stdout()).contains("bin/fetch-models");
  }
}
