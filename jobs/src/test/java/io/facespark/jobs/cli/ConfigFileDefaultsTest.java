package io.facespark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.jobs.FaceSpark;
import io.facespark.jobs.doctor.DoctorCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

class ConfigFileDefaultsTest {

  @TempDir
  Path dir;

  private DoctorCommand parseDoctor(String... args) {
    ParseResult result = FaceSpark.commandLine(args).parseArgs(args);
    return (DoctorCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void plainKeySetsTheOptionDefault() throws IOException {
    Path config = Files.writeString(dir.resolve("f.properties"), "cache-dir=/from/file\nskip-spark=true\n");

    DoctorCommand doctor = parseDoctor("--config", config.toString(), "doctor");

    assertThat(doctor.cacheDir()).isEqualTo(Path.of("/from/file"));
    assertThat(doctor.skipSpark()).as("boolean flag from the file").isTrue();
  }

  @Test
  void jobQualifiedKeyBeatsPlainKey() throws IOException {
    Path config = Files.writeString(dir.resolve("f.properties"),
        "cache-dir=/plain\ndoctor.cache-dir=/qualified\n");

    assertThat(parseDoctor("doctor", "--config=" + config).cacheDir()).isEqualTo(Path.of("/qualified"));
  }

  @Test
  void commandLineBeatsTheFile() throws IOException {
    Path config = Files.writeString(dir.resolve("f.properties"), "cache-dir=/from/file\n");

    DoctorCommand doctor = parseDoctor("--config", config.toString(), "doctor", "--cache-dir", "/cli");

    assertThat(doctor.cacheDir()).isEqualTo(Path.of("/cli"));
  }

  @Test
  void missingConfigFileIsNamed() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> FaceSpark.commandLine("--config", missing.toString(), "doctor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
  }
}
