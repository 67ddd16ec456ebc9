package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.JobRun;
import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embed job in-process over {@link OddInputTree}, one case per test: each must end with every
 * name a face row or a precise reject row, counts that add up, nothing embedded twice, and no hang
 * (the time limit turns a hang into a failure).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmbedOddInputsTest extends SparkTestBase {

  @TempDir
  static Path work;

  /** Words of a reason that tells the user what to do. */
  private static final java.util.regex.Pattern ADVICE = java.util.regex.Pattern.compile(
      "(?i)remove|re-copy|re-export|fix the|convert|raise --|lower --|--[a-z-]+|grant|check it");

  /** One job run over some cases of the tree: what it printed and its two tables by relative name. */
  record CaseRun(OddInputTree.Tree tree, JobRun job, Map<String, Row> faces, Map<String, Row> rejects, long faceRows) {
  }

  static CaseRun embed(List<String> cases, String... extra) throws IOException {
    Path root = work.resolve(String.join("+", cases));
    OddInputTree.Tree tree = OddInputTree.write(root, cases);
    return run(tree, root.toString(), root.resolveSibling(root.getFileName() + "-faces"), extra);
  }

  static CaseRun run(OddInputTree.Tree tree, String input, Path output, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "--input";
    args[1] = input;
    args[2] = "--output";
    args[3] = output.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    JobRun job = EmbedCommandTest.embed(args);
    assertThat(job.exitCode()).as("exit code; output:%n%s", job.output()).isZero();
    List<Row> faceRows = spark.read().parquet(output.toString()).collectAsList();
    List<Row> rejectRows = spark.read().parquet(output + "_rejects").collectAsList();
    return new CaseRun(tree, job, byName(tree.root(), faceRows), byName(tree.root(), rejectRows), faceRows.size());
  }

  private static Map<String, Row> byName(Path root, List<Row> rows) {
    Map<String, Row> byName = new HashMap<>();
    for (Row row : rows) {
      String local = new org.apache.hadoop.fs.Path(row.<String>getAs("path")).toUri().getPath();
      assertThat(local).as("table path").startsWith(root + "/");
      byName.put(local.substring(root.toString().length() + 1), row);
    }
    return byName;
  }

  /** Every name is a face or its reject; the summary's counts reconcile; no image twice. */
  static void assertAccountedFor(CaseRun run) {
    OddInputTree.Tree tree = run.tree();
    run.tree().expected().forEach((name, outcome) -> {
      if (outcome.face()) {
        assertThat(run.faces()).as("face row for %s (reject: %s)", name, run.rejects().get(name)).containsKey(name);
      } else {
        assertThat(run.rejects()).as("reject row for %s (faces: %s)", name, run.faces().keySet()).containsKey(name);
        Row reject = run.rejects().get(name);
        assertThat(reject.<String>getAs("stage")).as("stage of %s", name).isEqualTo(outcome.stage());
        assertThat(reject.<String>getAs("reason")).as("reason for %s", name).contains(outcome.reason())
            .as("the reason names the file").startsWith(name.substring(name.lastIndexOf('/') + 1) + ": ")
            .as("the reason says what to do").containsPattern(ADVICE);
      }
    });
    assertThat(run.faces().size() + run.rejects().size()).as("faces + rejects = names in the tree")
        .isEqualTo(tree.expected().size());
    assertThat(run.faceRows()).as("one face row per image: nothing embedded twice").isEqualTo(tree.faces());
    String output = run.job().output();
    assertThat(output).containsPattern("files seen +" + tree.expected().size() + "\\b")
        .containsPattern("images with faces +" + tree.faces() + "\\b");
    for (String stage : List.of("read", "decode")) {
      if (tree.rejectsAt(stage) > 0) {
        assertThat(output).containsPattern("rejected at " + stage + " +" + tree.rejectsAt(stage) + "\\b");
      }
    }
    assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
  }

  @Test
  void pipesSocketsAndDevicesAreReadRejectsNeverOpened() throws IOException {
    CaseRun run = embed(List.of("special"));

    assertAccountedFor(run);
    assertThat(run.rejects().get("special/x.jpg").<String>getAs("reason")).contains("Remove it from the input");
  }

  @Test
  void aDirectoryLinkCycleIsListedOnceAndReported() throws IOException {
    CaseRun run = embed(List.of("cycle"));

    assertAccountedFor(run);
    assertThat(run.job().output())
        .containsPattern("directory links not followed +" + run.tree().skippedLinks() + "\\b")
        .contains("back-to-top -> .. (a cycle").contains("Ann-again -> Ann (already listed under another name)");
  }

  @Test
  void aDanglingLinkIsARejectAndAFileLinkIsFollowed() throws IOException {
    CaseRun run = embed(List.of("dangling"));

    assertAccountedFor(run);
    assertThat(run.rejects().get("dangling/moved-away.jpg").<String>getAs("reason"))
        .contains("no-such-photo.jpg").contains("fix the link or remove it");
  }

  @Test
  void anyLegalNameIsRead() throws IOException {
    CaseRun run = embed(List.of("names"));

    assertAccountedFor(run);
    assertThat(run.rejects()).isEmpty();
  }

  @Test
  void gifGivesItsFirstFrameAndAnUndecodableFormatSaysUnsupported() throws IOException {
    CaseRun run = embed(List.of("formats"));

    assertAccountedFor(run);
    float[] still = FacesTables.embedding(run.faces().get("formats/still.gif"));
    float[] animated = FacesTables.embedding(run.faces().get("formats/animated.gif"));
    assertThat(still).as("the first frame of the animation is the still photo").containsExactly(animated);
  }

  @Test
  void decoderWarningsAreCountedInTheSummary() throws IOException {
    CaseRun run = embed(List.of("noisy-png"));

    assertAccountedFor(run);
    assertThat(run.job().output())
        .containsPattern("images with decoder warnings +1 \\(1 warnings; embedded\\)")
        .containsPattern("first +\\S*noisy-png/comment.png: tEXt: CRC error");
  }

  @Test
  void globsAndManifestsFollowTheSameRules() throws IOException {
    Path root = work.resolve("by-glob-and-manifest");
    OddInputTree.Tree tree = OddInputTree.write(root, List.of("special", "dangling", "names"));

    CaseRun globbed = run(tree, root + "/*", work.resolve("globbed"));
    assertAccountedFor(globbed);

    Path missing = root.resolve("dangling/never-there.jpg");
    StringBuilder csv = new StringBuilder("path\n");
    tree.expected().keySet().stream().filter(name -> !name.contains("\n"))
        .forEach(name -> csv.append('"').append(name.replace("\"", "\"\"")).append("\"\n"));
    csv.append(missing).append('\n');
    Path manifest = Files.writeString(root.resolve("list.csv"), csv, StandardCharsets.UTF_8);
    Map<String, OddInputTree.Outcome> listed = new HashMap<>(tree.expected());
    listed.keySet().removeIf(name -> name.contains("\n"));
    listed.put("dangling/never-there.jpg", new OddInputTree.Outcome("read", "file does not exist"));

    CaseRun manifested = run(new OddInputTree.Tree(root, listed, 0), manifest.toString(), work.resolve("manifested"));
    assertAccountedFor(manifested);
  }

  @Test
  void theWholeTreeIncludingTheEarlierZooReconciles() throws IOException {
    CaseRun run = embed(OddInputTree.CASES);

    assertAccountedFor(run);
    assertThat(run.job().output()).containsPattern("directory links not followed +" + run.tree().skippedLinks() + "\\b");
  }


}
