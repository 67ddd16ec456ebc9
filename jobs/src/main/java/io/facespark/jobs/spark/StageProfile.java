package io.facespark.jobs.spark;

import io.facespark.core.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Where a job's wall time goes, from Spark's own scheduler events: every Spark job with its wall
 * time and what started it (the job description, else the call site), and every stage with its
 * run time, its tasks' CPU time and the rows and bytes it read. The benchmarks print it so a fixed
 * cost shows up next to the inner loop it surrounds. Task CPU is Spark's {@code executorCpuTime}:
 * the task threads' own CPU, so run time well above CPU time means tasks that waited (for a core,
 * for I/O, or for threads of their own, whose CPU it leaves out).
 *
 * <p>Two ways in: {@link #start} on a session in this JVM, or, for a job in another process,
 * {@code --conf spark.extraListeners=io.facespark.jobs.spark.StageProfile --conf
 * spark.facespark.profile=FILE}: the tables are written to FILE when the application ends.
 */
public final class StageProfile extends SparkListener {

  /** Where a profile registered through {@code spark.extraListeners} writes its tables. */
  public static final String OUTPUT_CONF = "spark.facespark.profile";

  private record JobTimes(long start, String what, int stages) {
  }

  private record Finished(int jobId, String what, int stages, double seconds) {
  }

  private final Map<Integer, JobTimes> running = new ConcurrentHashMap<>();
  private final List<Finished> jobs = new ArrayList<>();
  private final List<String[]> stages = new ArrayList<>();
  private long taskCpuNanos;
  private final String output;

  public StageProfile() {
    this.output = null;
  }

  /** The constructor Spark calls for {@code spark.extraListeners}. */
  public StageProfile(SparkConf conf) {
    this.output = conf.get(OUTPUT_CONF, null);
  }

  /** A profile that records from now on, until {@link #stop}. */
  public static StageProfile start(SparkSession spark) {
    StageProfile profile = new StageProfile();
    spark.sparkContext().addSparkListener(profile);
    return profile;
  }

  public void stop(SparkSession spark) {
    spark.sparkContext().removeSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
    running.put(start.jobId(), new JobTimes(start.time(), description != null ? description : resultStage(start),
        start.stageInfos().size()));
  }

  /** The job's last stage is the one its action runs; its name is the action's call site. */
  private static String resultStage(SparkListenerJobStart start) {
    String name = "job " + start.jobId();
    int last = -1;
    for (StageInfo stage : scala.collection.JavaConverters.seqAsJavaList(start.stageInfos())) {
      if (stage.stageId() > last) {
        last = stage.stageId();
        name = stage.name();
      }
    }
    return name;
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    JobTimes job = running.remove(end.jobId());
    if (job != null) {
      jobs.add(new Finished(end.jobId(), job.what(), job.stages(), (end.time() - job.start()) / 1e3));
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo info = completed.stageInfo();
    long started = info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : 0L;
    long ended = info.completionTime().isDefined() ? (Long) info.completionTime().get() : started;
    var metrics = info.taskMetrics();
    if (metrics != null) {
      taskCpuNanos += metrics.executorCpuTime();
    }
    stages.add(new String[] {String.valueOf(info.stageId()), shorten(info.name()), String.valueOf(info.numTasks()),
        seconds((ended - started) / 1e3), metrics == null ? "-" : seconds(metrics.executorCpuTime() / 1e9),
        metrics == null ? "-" : String.format(Locale.ROOT, "%,d", metrics.inputMetrics().recordsRead()),
        metrics == null ? "-" : mb(metrics.inputMetrics().bytesRead() + metrics.shuffleReadMetrics().totalBytesRead()),
        metrics == null ? "-" : mb(metrics.shuffleWriteMetrics().bytesWritten())});
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    if (output == null) {
      return;
    }
    try {
      Files.writeString(Path.of(output), jobsTable() + "\n" + stagesTable());
    } catch (IOException e) {
      System.err.println("StageProfile: cannot write " + output + ": " + e.getMessage());
    }
  }

  /** Total wall seconds of the Spark jobs recorded (they run one after another in these jobs). */
  public synchronized double jobSeconds() {
    return jobs.stream().mapToDouble(Finished::seconds).sum();
  }

  /** CPU seconds of the completed stages' task threads (see the class comment for what that leaves out). */
  public synchronized double taskCpuSeconds() {
    return taskCpuNanos / 1e9;
  }

  public synchronized int jobCount() {
    return jobs.size();
  }

  /** The task count of each completed stage, in the order they completed. */
  public synchronized List<Integer> stageTasks() {
    return stages.stream().map(row -> Integer.parseInt(row[2])).toList();
  }

  /** One row per Spark job: what started it, its stages and its wall time. */
  public synchronized TextTable jobsTable() {
    TextTable table = new TextTable("spark job", "started by", "stages", "wall s");
    for (Finished job : jobs) {
      table.add(job.jobId(), shorten(job.what()), job.stages(), seconds(job.seconds()));
    }
    return table;
  }

  /** One row per completed stage (skipped stages, whose output was reused, do not appear). */
  public synchronized TextTable stagesTable() {
    TextTable table = new TextTable("stage", "name", "tasks", "run s", "task CPU s", "rows read", "MB read", "MB shuffled out");
    stages.forEach(row -> table.add((Object[]) row));
    return table;
  }

  private static String shorten(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
