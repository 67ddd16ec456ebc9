package io.facespark.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.train.EmbeddingHead;
import io.facespark.core.train.HeadConfig;
import io.facespark.core.train.TrainingSet;
import io.facespark.jobs.JobRun;
import io.facespark.jobs.embed.FacesTables;
import io.facespark.jobs.embed.LfwSubset;
import io.facespark.testing.SparkTestBase;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** train, project and embed --model facerec+head: on real LFW faces, real model, real Spark and dl4j-spark. */
class TrainCommandTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static Path images;
  private static Path base;

  @BeforeAll
  static void baseTable() throws IOException {
    images = work.resolve("lfw");
    LfwSubset.copy(images, 14, 4);
    // One person with a single image: no positive pair, so training leaves the label out (and counts it).
    Path single = Files.createDirectories(images.resolve("Abdel_Madi_Shabneh"));
    Files.copy(TestData.lfwImage("Abdel_Madi_Shabneh", 1), single.resolve("Abdel_Madi_Shabneh_0001.jpg"));
    base = work.resolve("base");
    JobRun embed = JobRun.of("embed", "--input", images.toString(), "--output", base.toString());
    assertThat(embed.exitCode()).as(embed.output()).isZero();
  }

  private static JobRun train(Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("--faces", base.toString(), "--output", output.toString(),
        "--epochs", "4", "--batch-size", "16", "--dim", "32", "--learning-rate", "0.005"));
    args.addAll(List.of(extra));
    return JobRun.of("train", args.toArray(String[]::new));
  }

  @Test
  void projectAndEmbedWithTheHeadGiveTheSameEmbeddings() {
    Path head = work.resolve("head-arcface");
    Path projected = work.resolve("projected");
    Path embedded = work.resolve("embedded-with-head");

    JobRun trained = train(head);
    JobRun project = JobRun.of("project", "--faces", base.toString(), "--head", head.toString(), "--output", projected.toString());
    JobRun embed = JobRun.of("embed", "--input", images.toString(), "--output", embedded.toString(), "--model",
        "facerec+head:" + head);

    assertThat(trained.exitCode()).as(trained.output()).isZero();
    assertThat(trained.output()).containsPattern("labels skipped \\(one face\\)\\s+1\\b");
    assertThat(project.exitCode()).as(project.output()).isZero();
    assertThat(embed.exitCode()).as(embed.output()).isZero();
    String version = EmbeddingHead.load(head).version();
    assertThat(version).startsWith("facerec-").contains("+head-");
    List<Row> rows = spark.read().parquet(projected.toString()).select("model_version", "model", "embedding").collectAsList();
    assertThat(rows).hasSize((int) spark.read().parquet(base.toString()).count());
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.getString(0)).isEqualTo(version);
      assertThat(r.getString(1)).isEqualTo("facerec+head");
      assertThat(r.getList(2)).hasSize(32);
    });
    // The head on stored embeddings and the head behind the model on the images agree.
    double worst = FacesTables.assertSameFaces(embedded, projected, 1e-5);
    assertThat(worst).isLessThan(1e-5);
    assertThat(spark.read().parquet(embedded.toString()).select("model_version").distinct().first().getString(0))
        .isEqualTo(version);
  }

  /** A faces table written before det_pass existed projects like a new one, the column NULL. */
  @Test
  void projectReadsATableWrittenBeforeTheDetPassColumn() {
    Path head = work.resolve("head-for-old-table");
    Path old = work.resolve("base-without-det-pass");
    spark.read().parquet(base.toString()).drop("det_pass").write().parquet(old.toString());
    Path fromOld = work.resolve("projected-old");
    Path fromNew = work.resolve("projected-new");

    JobRun trained = train(head);
    JobRun projectOld = JobRun.of("project", "--faces", old.toString(), "--head", head.toString(), "--output",
        fromOld.toString());
    JobRun projectNew = JobRun.of("project", "--faces", base.toString(), "--head", head.toString(), "--output",
        fromNew.toString());

    assertThat(trained.exitCode()).as(trained.output()).isZero();
    assertThat(projectOld.exitCode()).as(projectOld.output()).isZero();
    assertThat(projectNew.exitCode()).as(projectNew.output()).isZero();
    assertThat(spark.read().parquet(fromOld.toString()).filter("det_pass IS NOT NULL").count()).isZero();
    FacesTables.assertSameFaces(fromOld, fromNew, 0);
  }

  @Test
  void theSameSeedTrainsTheSameHeadAndAnotherSeedAnother() {
    JobRun first = train(work.resolve("seed-a"), "--seed", "7");
    JobRun second = train(work.resolve("seed-b"), "--seed", "7");
    JobRun other = train(work.resolve("seed-c"), "--seed", "8");

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(other.exitCode()).as(other.output()).isZero();
    String a = EmbeddingHead.load(work.resolve("seed-a")).version();
    assertThat(EmbeddingHead.load(work.resolve("seed-b")).version()).isEqualTo(a);
    assertThat(EmbeddingHead.load(work.resolve("seed-c")).version()).isNotEqualTo(a);
  }

  @ParameterizedTest
  @ValueSource(strings = {HeadConfig.ARCFACE, HeadConfig.AM_SOFTMAX, HeadConfig.TRIPLET})
  void everyLossLowersItsTrainingLossUnderDl4jSpark(String loss) {
    Map<String, float[]> byPath = FacesTables.embeddingsByPath(base);
    List<float[]> embeddings = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    byPath.forEach((path, e) -> {
      embeddings.add(e);
      String[] parts = path.split("/");
      labels.add(parts[parts.length - 2]);
    });
    TrainingSet set = TrainingSet.of(embeddings, labels);
    HeadConfig config = new HeadConfig(loss, 64, 32, 30, loss.equals(HeadConfig.ARCFACE) ? 0.3 : 0.2, 8, 16, 4, 0.005, 3);

    SparkHeadTrainer.Result result = SparkHeadTrainer.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), set,
        config, "base", 2, 1);

    List<Double> scores = result.epochScores();
    assertThat(scores).hasSize(8);
    assertThat(scores.get(scores.size() - 1)).as("%s: %s", loss, scores).isLessThan(scores.get(0));
  }

  @Test
  void theModelGuardKeepsAdaptedAndStockTablesApart() {
    Path head = work.resolve("head-guard");
    Path projected = work.resolve("projected-guard");
    assertThat(train(head).exitCode()).isZero();
    assertThat(JobRun.of("project", "--faces", base.toString(), "--head", head.toString(), "--output",
        projected.toString()).exitCode()).isZero();

    JobRun twice = JobRun.of("project", "--faces", projected.toString(), "--head", head.toString(), "--output",
        work.resolve("never").toString());
    JobRun mixed = JobRun.of("watchlist", "--probes", projected.toString(), "--gallery", base.toString(), "--output",
        work.resolve("never-matches").toString());
    // Flip TTA over the adapted model is a model of its own: it averages the head's outputs.
    Path flipped = work.resolve("embedded-head-flip");
    JobRun embedFlip = JobRun.of("embed", "--input", images.toString(), "--output", flipped.toString(),
        "--model", "facerec+head:" + head, "--tta", "flip");
    JobRun flipVsProjected = JobRun.of("watchlist", "--probes", flipped.toString(), "--gallery", projected.toString(),
        "--output", work.resolve("never-matches-2").toString());

    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.output()).contains("holds embeddings of [" + EmbeddingHead.load(head).version() + "]")
        .contains("was trained on facerec-");
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.output()).contains("their scores are not comparable");
    assertThat(embedFlip.exitCode()).as(embedFlip.output()).isZero();
    assertThat(spark.read().parquet(flipped.toString()).select("model_version").distinct().first().getString(0))
        .isEqualTo(EmbeddingHead.load(head).version() + "+flip");
    assertThat(flipVsProjected.exitCode()).isEqualTo(2);
    assertThat(flipVsProjected.output()).contains("their scores are not comparable");
    assertThat(work.resolve("never")).doesNotExist();
  }

  @Test
  void badInputGetsAClearMessage() throws IOException {
    Path empty = work.resolve("empty-table");
    spark.read().parquet(base.toString()).limit(0).write().parquet(empty.toString());
    Path unlabelled = work.resolve("unlabelled");
    spark.read().parquet(base.toString()).withColumn("label", org.apache.spark.sql.functions.lit(null).cast("string"))
        .write().parquet(unlabelled.toString());
    Files.createDirectories(work.resolve("exists"));
    Path withNaN = work.resolve("with-nan");
    spark.read().parquet(base.toString()).withColumn("embedding", org.apache.spark.sql.functions.expr(
        "CASE WHEN path LIKE '%_0004.jpg' THEN transform(embedding, x -> CAST('NaN' AS FLOAT)) ELSE embedding END"))
        .write().parquet(withNaN.toString());
    long nanRows = spark.read().parquet(withNaN.toString()).filter("path LIKE '%_0004.jpg'").count();
    assertThat(nanRows).isPositive();

    JobRun onEmpty = JobRun.of("train", "--faces", empty.toString(), "--output", work.resolve("h-empty").toString());
    JobRun onUnlabelled = JobRun.of("train", "--faces", unlabelled.toString(), "--output", work.resolve("h-u").toString());
    JobRun existing = train(work.resolve("exists"));
    JobRun badLoss = train(work.resolve("h-loss"), "--loss", "softmax");
    JobRun noHead = JobRun.of("project", "--faces", base.toString(), "--head", work.resolve("nothing").toString(),
        "--output", work.resolve("never2").toString());

    JobRun trainNaN = JobRun.of("train", "--faces", withNaN.toString(), "--output", work.resolve("h-nan").toString(),
        "--epochs", "1", "--batch-size", "16", "--dim", "16");
    JobRun projectNaN = JobRun.of("project", "--faces", withNaN.toString(), "--head", work.resolve("h-nan").toString(),
        "--output", work.resolve("never3").toString());

    assertThat(trainNaN.exitCode()).as(trainNaN.output()).isZero();
    assertThat(trainNaN.output()).containsPattern("excluded: NaN, infinite or NULL values\\s+" + nanRows + "\\b");
    assertThat(projectNaN.exitCode()).isEqualTo(2);
    assertThat(projectNaN.output()).contains("has rows the head cannot take: {NaN, infinite or NULL values=" + nanRows + "}");
    assertThat(onEmpty.exitCode()).isEqualTo(2);
    assertThat(onEmpty.output()).contains("has no labelled faces with a usable embedding");
    assertThat(onUnlabelled.exitCode()).isEqualTo(2);
    assertThat(onUnlabelled.output()).contains("has no labelled faces");
    assertThat(existing.exitCode()).isEqualTo(2);
    assertThat(existing.output()).contains("exists; give a new directory");
    assertThat(badLoss.exitCode()).isEqualTo(2);
    assertThat(badLoss.output()).contains("--loss must be arcface, am-softmax or triplet, got 'softmax'");
    JobRun noTable = JobRun.of("project", "--faces", work.resolve("no-such-table").toString(), "--head",
        work.resolve("h-nan").toString(), "--output", work.resolve("never4").toString());
    assertThat(noTable.exitCode()).isEqualTo(2);
    assertThat(noTable.output()).contains("--faces " + work.resolve("no-such-table") + " does not exist");
    assertThat(noHead.exitCode()).isEqualTo(2);
    assertThat(noHead.output()).contains("has no head.zip");
  }
}
