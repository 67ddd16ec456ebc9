package io.facespark.jobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.HelpText;
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
        .containsPattern("models: face-api-1\\.7\\.15 +OK")
        .containsPattern("models: human-models-3\\.0\\.4 +OK")
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
  void helpNamesEveryLauncherCommandAndEachHelpFitsEightyColumns() throws Exception {
    Launcher.Result top = launcher(Map.of(), "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.output()).contains("Usage: facespark").contains("--config")
        .as("the launcher prints what the jar renders (HelpTextTest checks its wrapping)")
        .contains(HelpText.render(HelpText.WIDTH));
    assertThat(HelpText.listedCommands(top.output())).as("commands in:%n%s", top.output())
        .containsAll(HelpText.launcherCommands(Launcher.ROOT.resolve("bin/facespark")));
    for (String command : HelpText.launcherCommands(Launcher.ROOT.resolve("bin/facespark"))) {
      Launcher.Result help = launcher(Map.of(), command, "--help");
      assertThat(help.exitCode()).as("bin/facespark %s --help%n%s", command, help.output()).isZero();
      assertThat(HelpText.overlong(help.output())).as("bin/facespark %s --help%n%s", command, help.output()).isEmpty();
    }
    assertThat(launcher(Map.of(), "notebook", "--help").output()).contains("--execute").contains("--kernel-only");
  }

  @Test
  void missingModelsFailTheDoctorWithTheFix(@TempDir Path emptyCache) throws Exception {
    Launcher.Result result = launcher(Map.of("FACESPARK_CACHE", emptyCache.toString(), "FACESPARK_NO_FETCH", "1"),
        "doctor", "--skip-spark");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).containsPattern("models: face-api-1\\.7\\.15 +FAIL").contains("run bin/fetch-models");
  }

  @Test
  void unknownJobIsAUsageError() throws Exception {
    Launcher.Result result = launcher(Map.of(), "no-such-job");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("no-such-job");
  }
}
