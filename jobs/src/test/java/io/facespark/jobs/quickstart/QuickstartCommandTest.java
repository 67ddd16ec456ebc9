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
    // One threshold, stated once at the top of both, and a verdict per match that follows it.
    Matcher stated = Pattern.compile("Threshold: cosine >= (0\\.\\d{3}), the false-match rate 1e-3 operating point[^\n]*")
        .matcher(first);
    assertThat(stated.find()).as("the threshold line in:%n%s", first).isTrue();
    double threshold = Double.parseDouble(stated.group(1));
    assertThat(html).as("the report states the same threshold").contains(stated.group().replace(">", "&gt;"));
    assertThat(first.indexOf(stated.group())).as("stated above the table").isLessThan(first.indexOf("best match"));
    Matcher row = Pattern.compile("(sample\\d\\.jpg #\\d+) +(sample\\d\\.jpg #\\d+) +(0\\.\\d{3}) +(same person|no match)")
        .matcher(first);
    int rows = 0;
    while (row.find()) {
      rows++;
      double cosine = Double.parseDouble(row.group(3));
      if (Math.abs(cosine - threshold) > 1e-3) {
        assertThat(row.group(4)).as(row.group()).isEqualTo(cosine >= threshold ? "same person" : "no match");
      }
      assertThat(html).as("the report gives %s the same verdict", row.group(1))
          .containsPattern(Pattern.quote(row.group(2)) + ", cosine " + Pattern.quote(row.group(3)) + "</td><td>"
              + row.group(4));
    }
    assertThat((long) rows).as("a printed row per face").isEqualTo(faces);
    Matcher verdicts = Pattern.compile("<td>(same person|no match)</td>").matcher(html);
    int verdictCells = 0;
    while (verdicts.find()) {
      verdictCells++;
    }
    assertThat(verdictCells).as("a verdict per match").isEqualTo(faces * 3);
    assertThat(second).as("a rerun overwrites its own output").contains("report:");
    assertThat(spark.read().parquet(output.resolve("faces").toString()).count()).isEqualTo(faces);
  }

  @Test
  void aFarWithoutACalibratedThresholdIsOneLineNamingTheOnesThereAre() {
    JobRun run = JobRun.of("quickstart", "--output", work.resolve("far").toString(), "--cache-dir",
        TestData.models().root().toString(), "--threshold", "far:1e-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("has no threshold at FAR 1e-5; it has [far:1e-2, far:1e-3, far:1e-4]")
        .doesNotContain("\tat ");
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
