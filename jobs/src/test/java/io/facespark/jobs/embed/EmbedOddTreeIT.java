package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.launcher.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The odd input tree through bin/facespark in a JVM of its own, where what native libraries
 * print to the process's stderr is part of the output: the job must finish within a fixed bound,
 * account for every name, and print its summary with no native decoder noise and no stack trace.
 */
class EmbedOddTreeIT {

  /** Generous for ~35 small images on 2 cores (a run takes well under a minute); a hang hits it. */
  private static final Duration BOUND = Duration.ofMinutes(5);

  @TempDir
  static Path work;

  private static Launcher.Result embed(Path input, Path output) throws Exception {
    return Launcher.run(List.of(), BOUND, Map.of(), "--master", "local[2]", "embed",
        "--input", input.toString(), "--output", output.toString());
  }

  private static void assertQuiet(Launcher.Result run) {
    assertThat(run.output()).as("native decoder messages are counted, not printed")
        .doesNotContain("libpng").doesNotContain("Corrupt JPEG data");
    assertThat(run.output()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aPngWithADamagedChunkIsEmbeddedWithoutNativeNoise() throws Exception {
    OddInputTree.Tree tree = OddInputTree.write(work.resolve("noisy"), List.of("noisy-png"));

    Launcher.Result run = embed(tree.root(), work.resolve("noisy-faces"));

    assertThat(run.exitCode()).as("output:%n%s", run.output()).isZero();
    assertThat(run.output()).containsPattern("images with faces +1\\b")
        .containsPattern("images with decoder warnings +1 ");
    assertQuiet(run);
  }

  @Test
  void theWholeTreeFinishesWithinTheBoundAndReconciles() throws Exception {
    OddInputTree.Tree tree = OddInputTree.writeAll(work.resolve("tree"));

    Launcher.Result run = embed(tree.root(), work.resolve("tree-faces"));

    assertThat(run.exitCode()).as("output:%n%s", run.output()).isZero();
    assertThat(run.output()).containsPattern("files seen +" + tree.expected().size() + "\\b")
        .containsPattern("images with faces +" + tree.faces() + "\\b")
        .containsPattern("rejected at read +" + tree.rejectsAt("read") + "\\b")
        .containsPattern("rejected at decode +" + tree.rejectsAt("decode") + "\\b")
        .containsPattern("directory links not followed +" + tree.skippedLinks() + "\\b");
    assertQuiet(run);
  }
}
