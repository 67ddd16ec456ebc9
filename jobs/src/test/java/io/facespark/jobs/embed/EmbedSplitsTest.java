package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbedSplitsTest {

  private static final int CORES = 2;

  @Test
  void partitionsGivenOnTheCommandLineWinButNeverExceedTheFiles() {
    assertThat(EmbedSplits.tasks(4, 100, CORES)).isEqualTo(4);
    assertThat(EmbedSplits.tasks(4, 3, CORES)).as("no empty tasks").isEqualTo(3);
  }

  @Test
  void aSmallRunGetsOneTaskPerFileAtMost() {
    assertThat(EmbedSplits.tasks(0, 5, CORES)).isEqualTo(5);
    assertThat(EmbedSplits.tasks(0, 0, CORES)).as("append with nothing new still runs").isEqualTo(1);
  }

  @Test
  void aMediumRunGetsFourTasksPerCore() {
    assertThat(EmbedSplits.tasks(0, 100, CORES)).isEqualTo(CORES * EmbedSplits.TASKS_PER_CORE);
    assertThat(EmbedSplits.tasks(0, 13_233, CORES)).isEqualTo(CORES * EmbedSplits.TASKS_PER_CORE);
  }

  @Test
  void aLargeRunGetsATaskPerTwoThousandImages() {
    assertThat(EmbedSplits.tasks(0, 1_000_000, CORES)).isEqualTo(500);
  }

  @Test
  void outputFilesHoldUpToFiftyThousandRowsOneAtLeastPerCoreAndNeverMoreThanTheTasks() {
    assertThat(EmbedSplits.outputFiles(100, 8, CORES)).as("a small run: one per core").isEqualTo(CORES);
    assertThat(EmbedSplits.outputFiles(13_233, 8, CORES)).isEqualTo(CORES);
    assertThat(EmbedSplits.outputFiles(1_000_001, 500, CORES)).isEqualTo(21);
    assertThat(EmbedSplits.outputFiles(1_000_001, 500, 64)).as("a cluster: every core writes").isEqualTo(64);
    assertThat(EmbedSplits.outputFiles(1_000_001, 4, CORES)).isEqualTo(4);
    assertThat(EmbedSplits.outputFiles(1, 1, CORES)).isEqualTo(1);
  }
}
