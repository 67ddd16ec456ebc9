package io.facespark.jobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/facespark as a user runs it, against the packaged jar: local mode, the SparkSubmit path,
 * help, and a failing doctor. Runs after {@code package} (failsafe), never builds.
 */
class LauncherIT {

  private static final Path ROOT = Paths.get(System.getProperty("facespark.root", "..")).toAbsolutePath().normalize();

  private record Result(int exitCode, String output) {
  }

  private static Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin/facespark").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().put("FACESPARK_NO_BUILD", "1");
    builder.environment().putAll(env);
    Path log = Files.createTempFile("launcher", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("bin/facespark " + String.join(" ", args) + " did not finish in 5 minutes:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void doctorPassesOnEmbeddedLocalSpark() throws Exception {
    Result result = launcher(Map.of(), "doctor");

    assertThat(result.output())
        .containsPattern("oneDNN convolutions +OK")
        .containsPattern("model cache +OK")
        .containsPattern("Spark +OK +3\\.5\\.9 on local\\[\\*]")
        .contains("All checks passed.");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void masterGoesThroughSparkSubmit() throws Exception {
    Result result = launcher(Map.of(), "--master", "local[2]", "--conf", "spark.ui.enabled=false", "doctor");

    assertThat(result.output()).containsPattern("Spark +OK +3\\.5\\.9 on local\\[2]");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void helpListsTheJobs() throws Exception {
    Result top = launcher(Map.of(), "--help");
    Result doctor = launcher(Map.of(), "doctor", "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.output()).contains("Usage: facespark").contains("doctor").contains("--config");
    assertThat(doctor.exitCode()).isZero();
    assertThat(doctor.output()).contains("Usage: facespark doctor").contains("--cache-dir");
  }

  @Test
  void missingModelsFailTheDoctorWithTheFix(@TempDir Path emptyCache) throws Exception {
    Result result = launcher(Map.of("FACESPARK_CACHE", emptyCache.toString(), "FACESPARK_NO_FETCH", "1"),
        "doctor", "--skip-spark");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).containsPattern("model cache +FAIL").contains("run bin/fetch-models");
  }

  @Test
  void unknownJobIsAUsageError() throws Exception {
    Result result = launcher(Map.of(), "no-such-job");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("no-such-job");
  }
}
