package io.facespark.jobs.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.JobRun;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor in-process, without its Spark line (the launcher IT covers that in a JVM of its own,
 * where stopping Spark harms no other test).
 */
class DoctorCommandTest {

  private static JobRun doctor(String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "--skip-spark";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return JobRun.of("doctor", args);
  }

  @Test
  void healthyMachinePassesEveryCheck() {
    Path cache = TestData.models().root();

    JobRun run = doctor("--cache-dir", cache.toString());

    assertThat(run.output())
        .containsPattern("Java 17 module flags +OK")
        .containsPattern("oneDNN convolutions +OK +active")
        .as("the Maven build gives its test JVMs conf/jvm.properties' allocator settings")
        .containsPattern("native allocator +OK +GLIBC_TUNABLES=glibc\\.malloc\\.mmap_threshold=\\d+:glibc\\.malloc\\.trim_threshold=")
        .containsPattern("models: face-api-1\\.7\\.15 +OK +37/37 files verified")
        .containsPattern("models: human-models-3\\.0\\.4 +OK +7/7 files verified")
        .contains("All checks passed.");
    assertThat(run.exitCode()).as("exit code, output:%n%s", run.output()).isZero();
  }

  @Test
  void theAllocatorCheckFailsWithoutTheSettingsAndNamesTheirHome() {
    Check unset = PlatformChecks.nativeAllocator("native allocator", null);
    Check blank = PlatformChecks.nativeAllocator("native allocator", " ");
    Check others = PlatformChecks.nativeAllocator("native allocator", "glibc.malloc.arena_max=4");
    Check shipped = PlatformChecks.nativeAllocator("native allocator",
        "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=2147483647");

    assertThat(unset.failed()).isTrue();
    assertThat(unset.fix()).contains("bin/facespark").contains("conf/jvm.properties")
        .contains("spark.executorEnv.GLIBC_TUNABLES");
    assertThat(blank.failed()).isTrue();
    assertThat(others.failed()).as("a user's own settings are theirs to choose").isFalse();
    assertThat(others.detail()).contains("yours").contains("new pages");
    assertThat(shipped.failed()).isFalse();
    assertThat(shipped.detail()).isEqualTo("GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432"
        + ":glibc.malloc.trim_threshold=2147483647");
  }

  @Test
  void emptyCacheFailsWithTheFix(@TempDir Path empty) {
    JobRun run = doctor("--cache-dir", empty.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .containsPattern("models: face-api-1\\.7\\.15 +FAIL")
        .containsPattern("models: human-models-3\\.0\\.4 +FAIL")
        .contains("2 check(s) failed")
        .contains("bin/fetch-models");
  }
}
