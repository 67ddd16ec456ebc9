package io.facespark.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.metrics.Calibration;
import io.facespark.core.metrics.Roc;
import io.facespark.jobs.JobRun;
import io.facespark.jobs.table.Tables;
import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate on synthetic faces tables whose answers are known or brute-forced independently. */
class EvaluateCommandTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static final int PEOPLE = 6;
  private static final int IMAGES_EACH = 5;
  private static float[][] embeddings;
  private static int[] labels;
  private static Path table;

  /**
   * People are clusters around orthogonal unit centres; images are noisy copies, re-normalised.
   * Noise 0.15 in 16 dimensions puts same-person cosines near 0.73 and others near 0, so every
   * threshold between them separates all pairs.
   */
  @BeforeAll
  static void writeTable() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    embeddings = new float[PEOPLE * IMAGES_EACH][];
    labels = new int[PEOPLE * IMAGES_EACH];
    for (int p = 0; p < PEOPLE; p++) {
      float[] centre = new float[16];
      centre[p] = 1;
      for (int i = 0; i < IMAGES_EACH; i++) {
        int k = p * IMAGES_EACH + i;
        embeddings[k] = randomUnit(random, 16, centre, 0.15);
        labels[k] = p;
        String person = "Person_" + (char) ('A' + p);
        String path = "file:/data/lfw/" + person + "/" + String.format("%s_%04d.jpg", person, i + 1);
        rows.add(RowFactory.create("id" + k, path, person, 0, null, null, null, embeddings[k], "m", "m-1", new Timestamp(0)));
      }
    }
    table = work.resolve("faces");
    spark.createDataFrame(rows, Tables.FACES).write().parquet(table.toString());
  }

  private static float[] randomUnit(Random random, int dim, float[] centre, double noise) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) (centre[i] + noise * random.nextGaussian());
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  static JobRun evaluate(String... args) {
    return JobRun.of("evaluate", args);
  }


  private static JsonNode metrics(Path report) throws IOException {
    return new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
  }

  @Test
  void allPairsCountsEveryPairOnceAndMatchesABruteForceRoc() throws IOException {
    Path report = work.resolve("all-pairs");

    JobRun run = evaluate("--faces", table.toString(), "--protocol", "all-pairs", "--report", report.toString(),
        "--block-size", "7");

    assertThat(run.exitCode()).as(run.output()).isZero();
    int n = PEOPLE * IMAGES_EACH;
    List<Double> scores = new ArrayList<>();
    List<Boolean> same = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double dot = 0;
        for (int k = 0; k < embeddings[a].length; k++) {
          dot += (double) embeddings[a][k] * embeddings[b][k];
        }
        scores.add(dot);
        same.add(labels[a] == labels[b]);
      }
    }
    boolean[] sameArray = new boolean[same.size()];
    for (int i = 0; i < sameArray.length; i++) {
      sameArray[i] = same.get(i);
    }
    Roc exact = Roc.of(scores.stream().mapToDouble(Double::doubleValue).toArray(), sameArray);
    JsonNode m = metrics(report);
    assertThat(m.get("genuine_pairs").asLong()).isEqualTo(PEOPLE * (long) IMAGES_EACH * (IMAGES_EACH - 1) / 2);
    assertThat(m.get("genuine_pairs").asLong() + m.get("impostor_pairs").asLong()).isEqualTo((long) n * (n - 1) / 2);
    assertThat(m.get("auc").asDouble()).isCloseTo(exact.auc(), within(1e-3));
    assertThat(m.get("eer").asDouble()).isCloseTo(exact.eer(), within(1e-2));
    assertThat(report.resolve("report.html")).content().contains("data:image/png;base64,").contains("all-pairs")
        .contains("threshold_at_far_1e-2");
    Calibration calibration = Calibration.read(report.resolve("calibration.json"));
    assertThat(calibration.modelVersion()).isEqualTo("m-1");
    assertThat(calibration.alignment()).as("NULL boxes: faces cut by a fixed crop").isEqualTo("crop");
    assertThat(calibration.dataset()).as("default: the table's folder").isEqualTo("faces");
    assertThat(calibration.operatingPoints()).as("375 impostor pairs resolve FAR 1e-2, not 1e-3")
        .extracting(Calibration.OperatingPoint::far).containsExactly(1e-2);
    Roc.Point exactPoint = exact.operatingPoint(1e-2);
    assertThat(calibration.at(1e-2).tar()).isCloseTo(exactPoint.tar(), within(1e-9));
    assertThat(calibration.at(1e-2).threshold()).as("the exact threshold, to one histogram bin")
        .isCloseTo(exactPoint.threshold(), within(calibration.binWidth()));
    assertThat(m.get("threshold_at_far_1e-2").asDouble()).isEqualTo(calibration.at(1e-2).threshold());
    assertThat(report.resolve("roc.png")).isNotEmptyFile();
    assertThat(report.resolve("scores.png")).isNotEmptyFile();
  }

  @Test
  void lfwPairsRunsTheFoldsAndReportsPerfectSeparationAsSuch() throws IOException {
    // Two folds; same pairs inside a person, different pairs across people: separable by any
    // threshold between the clusters, so each fold's threshold from the other fold is right too.
    Path pairs = Files.writeString(work.resolve("pairs.txt"), String.join("\n",
        "2\t2", "Person_A 1 2", "Person_B 1 3", "Person_A 1 Person_B 1", "Person_C 2 Person_D 2",
        "Person_E 1 5", "Person_F 2 4", "Person_E 1 Person_F 1", "Person_A 3 Person_F 3", ""));
    Path report = work.resolve("lfw");

    JobRun run = evaluate("--faces", table.toString(), "--pairs", pairs.toString(), "--report", report.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode m = metrics(report);
    assertThat(m.get("pairs_scored").asInt()).isEqualTo(8);
    assertThat(m.get("accuracy_mean").asDouble()).isEqualTo(1.0);
    assertThat(m.get("auc").asDouble()).isEqualTo(1.0);
    assertThat(Files.readAllLines(report.resolve("folds.csv"))).hasSize(3);
    assertThat(m.get("model_version").asText()).isEqualTo("m-1");
  }

  @Test
  void ownPairsFileByIdAndPath() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,same\n");
    // 20 pairs (so 10 folds of 2): person p's images 1 and 2 (by id), and p's image 1 vs p+1's (by path).
    for (int p = 0; p < PEOPLE; p++) {
      int k = p * IMAGES_EACH;
      String person = "Person_" + (char) ('A' + p);
      String other = "Person_" + (char) ('A' + (p + 1) % PEOPLE);
      csv.append("id").append(k).append(",id").append(k + 1).append(",1\n");
      csv.append("file:/data/lfw/").append(person).append('/').append(person).append("_0001.jpg,")
          .append("file:/data/lfw/").append(other).append('/').append(other).append("_0001.jpg,0\n");
    }
    for (int p = 0; p < 4; p++) {
      csv.append("id").append(p * IMAGES_EACH + 2).append(",id").append(p * IMAGES_EACH + 3).append(",true\n");
      csv.append("id").append(p * IMAGES_EACH + 2).append(",id").append(((p + 2) % PEOPLE) * IMAGES_EACH).append(",false\n");
    }
    Path pairs = Files.writeString(work.resolve("own.csv"), csv);
    Path report = work.resolve("own");

    JobRun run = evaluate("--faces", table.toString(), "--protocol", "pairs", "--pairs", pairs.toString(),
        "--report", report.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(metrics(report).get("pairs_scored").asInt()).isEqualTo(20);
    assertThat(metrics(report).get("accuracy_mean").asDouble()).isEqualTo(1.0);
    assertThat(Files.readAllLines(report.resolve("folds.csv"))).as("header + 10 folds").hasSize(11);
  }

  @Test
  void missingImagesAreNamedUnlessAllowed() throws IOException {
    Path pairs = Files.writeString(work.resolve("missing.txt"), String.join("\n",
        "2\t1", "Person_A 1 2", "Person_A 1 Nobody 1", "Person_B 1 2", "Person_B 1 Person_C 1", ""));

    JobRun refused = evaluate("--faces", table.toString(), "--pairs", pairs.toString(),
        "--report", work.resolve("m1").toString());
    JobRun allowed = evaluate("--faces", table.toString(), "--pairs", pairs.toString(),
        "--report", work.resolve("m2").toString(), "--allow-missing");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.output()).contains("1 of the 6 images").contains("Nobody/Nobody_0001.jpg").contains("--allow-missing");
    assertThat(allowed.exitCode()).as(allowed.output()).isZero();
    assertThat(metrics(work.resolve("m2")).get("pairs_skipped_missing").asInt()).isEqualTo(1);
    assertThat(metrics(work.resolve("m2")).get("images_missing").asInt()).isEqualTo(1);
  }
}
