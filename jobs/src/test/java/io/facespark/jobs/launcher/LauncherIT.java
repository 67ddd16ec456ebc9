package io.facespark.jobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/facespark as a user runs it, against the packaged jar: local mode, the SparkSubmit path,
 * help, and a failing doctor. Runs after {@code package} (failsafe), never builds.
 */
class LauncherIT {

  private static Launcher.Result launcher(Map<String, String> env, String... args) throws Exception {
    return Launcher.run(env, args);
  }

  @Test
  void doctorPassesOnEmbeddedLocalSpark() throws Exception {
    Launcher.Result result = launcher(Map.of(), "doctor");

    assertThat(result.output())
        .containsPattern("oneDNN convolutions +OK")
        .containsPattern("model cache +OK")
        .containsPattern("Spark +OK +3\\.5\\.9 on local\\[\\*]")
        .contains("All checks passed.");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void masterGoesThroughSparkSubmit() throws Exception {
    Launcher.Result result = launcher(Map.of(), "--master", "local[2]", "--conf", "spark.ui.enabled=false", "doctor");

    assertThat(result.output()).containsPattern("Spark +OK +3\\.5\\.9 on local\\[2]");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void helpListsTheJobs() throws Exception {
    Launcher.Result top = launcher(Map.of(), "--help");
    Launcher.Result doctor = launcher(Map.of(), "doctor", "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.output()).contains("Usage: facespark").contains("doctor").contains("--config");
    assertThat(doctor.exitCode()).isZero();
    assertThat(doctor.output()).contains("Usage: facespark doctor").contains("--cache-dir");
  }

  @Test
  void missingModelsFailTheDoctorWithTheFix(@TempDir Path emptyCache) throws Exception {
    Launcher.Result result = launcher(Map.of("FACESPARK_CACHE", emptyCache.toString(), "FACESPARK_NO_FETCH", "1"),
        "doctor", "--skip-spark");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).containsPattern("model cache +FAIL").contains("run bin/fetch-models");
  }

  @Test
  void unknownJobIsAUsageError() throws Exception {
    Launcher.Result result = launcher(Map.of(), "no-such-job");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("no-such-job");
  }
}
