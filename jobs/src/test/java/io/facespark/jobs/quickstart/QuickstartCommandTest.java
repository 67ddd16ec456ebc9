package io.facespark.jobs.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.JobRun;
import io.facespark.testing.SparkTestBase;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quickstart end to end on the real demo photos: faces table, report with thumbnails, printed table. */
class QuickstartCommandTest extends SparkTestBase {

  @TempDir
  Path work;

  private String run(Path output) {
    JobRun run = JobRun.of("quickstart", "--output", output.toString(), "--cache-dir",
        TestData.models().root().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output();
  }


  @Test
  void writesAReportWithAThumbnailPerFaceAndMatchAndRerunsCleanly() throws IOException {
    Path output = work.resolve("quickstart");

    String first = run(output);
    String second = run(output);

    long faces = spark.read().parquet(output.resolve("faces").toString()).count();
    long photos = spark.read().parquet(output.resolve("faces").toString()).select("path").distinct().count();
    assertThat(photos).as("every demo photo has a face").isEqualTo(6);
    assertThat(faces).isGreaterThan(6);
    String html = Files.readString(output.resolve("report.html"));
    Matcher images = Pattern.compile("<img alt=").matcher(html);
    int thumbnails = 0;
    while (images.find()) {
      thumbnails++;
    }
    assertThat(thumbnails).as("one per face plus three matches each").isEqualTo(faces * 4);
    assertThat(html).contains("sample1.jpg #0").contains("cosine ");
    assertThat(first).contains("best match in another photo").contains("report: " + output.resolve("report.html"));
    assertThat(second).as("a rerun overwrites its own output").contains("report:");
    assertThat(spark.read().parquet(output.resolve("faces").toString()).count()).isEqualTo(faces);
  }

  @Test
  void aMissingModelCacheIsOneLineWithTheFix() {
    Path empty = work.resolve("no-cache");

    JobRun run = JobRun.of("quickstart", "--output", work.resolve("never").toString(), "--cache-dir", empty.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("no model cache at " + empty).contains("bin/fetch-models")
        .doesNotContain("\tat ");
    assertThat(work.resolve("never")).doesNotExist();
  }
}
