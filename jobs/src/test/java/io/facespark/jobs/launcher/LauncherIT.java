package io.facespark.jobs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.HelpText;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    // An empty GLIBC_TUNABLES counts as unset: the launcher gives the JVM conf/jvm.properties' settings.
    Launcher.Result result = launcher(Map.of("GLIBC_TUNABLES", ""), "doctor");
    String tunables = Pattern.quote("GLIBC_TUNABLES=" + shippedGlibcTunables());

    assertThat(result.output())
        .containsPattern("native allocator +OK +" + tunables)
        .containsPattern("native allocator \\(executors\\) +OK +" + tunables)
        .containsPattern("oneDNN convolutions +OK")
        .containsPattern("models: face-api-1\\.7\\.15 +OK")
        .containsPattern("models: human-models-3\\.0\\.4 +OK")
        .containsPattern("Spark +OK +3\\.5\\.9 on local\\[\\*]")
        .contains("All checks passed.");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  @Test
  void aGlibcTunablesOfTheUsersOwnIsLeftAsItIs() throws Exception {
    Launcher.Result result = launcher(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=4"), "doctor", "--skip-spark");

    assertThat(result.output()).containsPattern("native allocator +OK +GLIBC_TUNABLES=glibc\\.malloc\\.arena_max=4 \\(yours;");
    assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
  }

  private static String shippedGlibcTunables() throws IOException {
    try (Stream<String> lines = Files.lines(Launcher.ROOT.resolve("conf/jvm.properties"))) {
      return lines.filter(l -> l.startsWith("facespark.glibc.tunables=")).map(l -> l.substring(l.indexOf('=') + 1))
          .findFirst().orElseThrow(() -> new AssertionError("conf/jvm.properties has no facespark.glibc.tunables line"));
    }
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
  void theFirstJobRecordsAClassArchiveThatLaterRunsMapAndADamagedOneIsRecordedAgain(@TempDir Path work)
      throws Exception {
    Path archives = Files.createDirectories(work.resolve("archives"));
    Path input = Files.createDirectories(work.resolve("in/Colin_Powell"));
    Files.copy(TestData.lfwImage("Colin_Powell", 1), input.resolve("a.jpg"));
    Map<String, String> env = Map.of("FACESPARK_CLASS_ARCHIVE_DIR", archives.toString());
    String[] embed = {"embed", "--input", input.getParent().toString(), "--output", work.resolve("faces").toString(),
        "--mode", "overwrite"};

    assertThat(launcher(env, "doctor", "--skip-spark").exitCode()).isZero();
    assertThat(archives).as("a doctor run would record a thin archive: it records none").isEmptyDirectory();

    Launcher.Result first = launcher(env, embed);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("records a class archive");
    Path archive = onlyArchive(archives);

    Path classLog = work.resolve("classes.log");
    Map<String, String> logged = Map.of("FACESPARK_CLASS_ARCHIVE_DIR", archives.toString(),
        "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
    Launcher.Result second = launcher(logged, embed);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).doesNotContain("records a class archive");
    assertThat(Files.readString(classLog)).as("Spark's classes come from the archive, not its jars")
        .contains("org.apache.spark.SparkContext source: shared objects file (top)");

    // JDK 17 crashes on a truncated archive: the launcher must notice and record it again instead.
    assertThat(archive.toFile().setWritable(true)).isTrue();
    try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    Launcher.Result third = launcher(env, embed);
    assertThat(third.exitCode()).as(third.output()).isZero();
    assertThat(third.output()).contains("is damaged").contains("records a class archive");
    assertThat(Files.size(onlyArchive(archives))).as("recorded again, whole")
        .isEqualTo(Long.parseLong(Files.readString(Path.of(archive + ".size")).trim()));
  }

  private static Path onlyArchive(Path archives) throws IOException {
    try (Stream<Path> files = Files.list(archives)) {
      List<Path> recorded = files.filter(f -> f.toString().endsWith(".jsa")).toList();
      assertThat(recorded).as("archives in %s", archives).hasSize(1);
      return recorded.get(0);
    }
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
