package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.platform.OpenMpThreads;
import io.facespark.testing.SparkTestBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Real tasks on the shared local[2] session (no OMP_NUM_THREADS in the test JVM's environment). */
class TaskThreadsTest extends SparkTestBase {

  /** Team sizes each task saw: on arrival, while it worked, and once its listeners had run. */
  private record Teams(int before, int during, int after) {
  }

  private static final Queue<Teams> SEEN = new ConcurrentLinkedQueue<>();

  @Test
  void aTaskWorksWithATeamOfItsOwnCoresAndItsThreadGetsTheOldTeamBack() {
    assertThat(System.getenv(TaskThreads.OMP_ENV)).as("a user's OMP_NUM_THREADS would win").isNull();
    SEEN.clear();

    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3, 4, 5, 6), 6)
        .foreachPartition(rows -> {
          TaskContext task = TaskContext.get();
          int before = OpenMpThreads.ofThisThread();
          int[] during = new int[1];
          // Listeners run last-registered first, so this one sees the thread after TaskThreads' own.
          task.addTaskCompletionListener((TaskContext ctx) -> SEEN.add(new Teams(before, during[0],
              OpenMpThreads.ofThisThread())));
          TaskThreads.shareCores(task);
          during[0] = OpenMpThreads.ofThisThread();
        });

    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(SEEN).hasSize(6).allSatisfy(teams -> {
      assertThat(teams.before()).as("a task thread starts with the process default").isEqualTo(cores);
      assertThat(teams.during()).as("spark.task.cpus is 1").isEqualTo(1);
      assertThat(teams.after()).as("restored for the thread's next task").isEqualTo(cores);
    });
  }
}
