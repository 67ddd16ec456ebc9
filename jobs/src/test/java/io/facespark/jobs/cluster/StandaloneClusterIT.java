package io.facespark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Submit(int exitCode, String output) {
  }

  private static Submit submit(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(StandaloneCluster.ROOT.resolve("bin/facespark").toString());
    command.add("--master");
    command.add(cluster.masterUrl());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("submit", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(cluster.environment());
    builder.environment().put("FACESPARK_NO_BUILD", "1");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("submit did not finish in 5 minutes:\n" + Files.readString(log));
    }
    return new Submit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void doctorRunsInClientMode() throws Exception {
    Submit result = submit("--executor-memory", "1g", "doctor");

    assertThat(result.output())
        .containsPattern("Spark +OK +3\\.5\\.9 on spark://127\\.0\\.0\\.1:\\d+")
        .contains("All checks passed.");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void doctorRunsInClusterModeAndTheDriverStateIsChecked() throws Exception {
    // The driver runs on the worker too: it must leave the worker memory for an executor.
    Submit result = submit("--deploy-mode", "cluster", "--driver-memory", "1g", "--executor-memory", "1g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true", "doctor");

    StandaloneCluster.DriverOutcome driver = cluster.driverOutcome(result.output(), 240);

    assertThat(driver.state()).as("driver state; stderr:%n%s", driver.stderr()).isEqualTo("FINISHED");
    assertThat(driver.stdout())
        .containsPattern("Spark +OK +3\\.5\\.9 on spark://127\\.0\\.0\\.1:\\d+")
        .contains("All checks passed.");
  }

  @Test
  void failingDriverIsSeenAsFailedDespiteExitCodeZero() throws Exception {
    Submit result = submit("--deploy-mode", "cluster", "--driver-memory", "1g",
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "doctor", "--cache-dir", "/nonexistent/facespark-cache", "--skip-spark");

    assertThat(result.exitCode()).as("spark-submit's own exit code (the trap this test guards)").isZero();

    StandaloneCluster.DriverOutcome driver = cluster.driverOutcome(result.output(), 240);

    assertThat(driver.state()).isEqualTo("FAILED");
    assertThat(driver.stdout()).contains("bin/fetch-models");
  }
}
