package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbedSplitsTest {

  private static final int CORES = 2;
  private static final int BATCH = 32;

  @Test
  void partitionsGivenOnTheCommandLineWinButNeverExceedTheFiles() {
    assertThat(EmbedSplits.tasks(4, 100, CORES, BATCH)).isEqualTo(4);
    assertThat(EmbedSplits.tasks(4, 3, CORES, BATCH)).as("no empty tasks").isEqualTo(3);
  }

  @Test
  void aSmallRunGetsNoTaskSmallerThanABatch() {
    assertThat(EmbedSplits.tasks(0, 100, CORES, BATCH)).isEqualTo(3);
    assertThat(EmbedSplits.tasks(0, 5, CORES, BATCH)).isEqualTo(1);
    assertThat(EmbedSplits.tasks(0, 0, CORES, BATCH)).as("append with nothing new still runs").isEqualTo(1);
  }

  @Test
  void aMediumRunGetsFourTasksPerCore() {
    assertThat(EmbedSplits.tasks(0, 2_000, CORES, BATCH)).isEqualTo(2 * EmbedSplits.TASKS_PER_CORE);
    assertThat(EmbedSplits.tasks(0, 13_233, CORES, BATCH)).isEqualTo(2 * EmbedSplits.TASKS_PER_CORE);
  }

  @Test
  void aLargeRunGetsATaskPerTwoThousandImages() {
    assertThat(EmbedSplits.tasks(0, 1_000_001, CORES, BATCH)).isEqualTo(501);
  }

  @Test
  void outputFilesHoldUpToFiftyThousandRowsAndAreNeverMoreThanTheTasks() {
    assertThat(EmbedSplits.outputFiles(13_233, 8)).isEqualTo(1);
    assertThat(EmbedSplits.outputFiles(1_000_001, 501)).isEqualTo(21);
    assertThat(EmbedSplits.outputFiles(1_000_001, 4)).isEqualTo(4);
    assertThat(EmbedSplits.outputFiles(0, 1)).isEqualTo(1);
  }
}
