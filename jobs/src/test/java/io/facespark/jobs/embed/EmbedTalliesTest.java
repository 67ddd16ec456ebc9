package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class EmbedTalliesTest {

  @Test
  void aPartitionCountedTwiceIsCountedOnceAndPartitionsAddUp() {
    EmbedTallies driver = new EmbedTallies();
    EmbedTallies firstTask = (EmbedTallies) driver.copyAndReset();
    firstTask.add(new EmbedTallies.Partition("/a.jpg", tally(face("/a.jpg", 0), face("/a.jpg", 1), reject("/b.txt", "decode"))));
    EmbedTallies secondTask = (EmbedTallies) driver.copyAndReset();
    secondTask.add(new EmbedTallies.Partition("/c.jpg", tally(face("/c.jpg", 0))));
    // Partition 0 again, as a retried or recomputed task reports it: the same rows.
    EmbedTallies retry = (EmbedTallies) driver.copyAndReset();
    retry.add(new EmbedTallies.Partition("/a.jpg", tally(face("/a.jpg", 0), face("/a.jpg", 1), reject("/b.txt", "decode"))));

    driver.merge(firstTask);
    driver.merge(secondTask);
    driver.merge(retry);
    EmbedTally total = driver.value();

    assertThat(total.faceRows).isEqualTo(3);
    assertThat(total.imagesWithFaces).isEqualTo(2);
    assertThat(total.rejectsByStage).containsExactly(java.util.Map.entry("decode", 1L));
    assertThat(total.unscoredFaces).isEqualTo(3);
  }

  @Test
  void aFreshCopyCountsNothing() {
    EmbedTallies tallies = new EmbedTallies();
    tallies.add(new EmbedTallies.Partition("/a.jpg", tally(face("/a.jpg", 0))));
    assertThat(tallies.isZero()).isFalse();
    assertThat(tallies.copyAndReset().isZero()).isTrue();
    assertThat(tallies.copyAndReset().value().faceRows).isZero();
  }

  private static EmbedTally tally(Row... rows) {
    EmbedTally tally = new EmbedTally();
    for (Row row : rows) {
      tally.count(row);
    }
    return tally;
  }

  private static Row face(String path, int faceIndex) {
    return RowFactory.create(EmbedResults.FACE, "id", path, null, faceIndex, null, null, new float[] {1f},
        null, null, 0, null, null);
  }

  private static Row reject(String path, String stage) {
    return RowFactory.create(EmbedResults.REJECT, "id", path, null, null, null, null, null, stage,
        "unreadable", null, null, null);
  }
}
