package io.facespark.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.jobs.launcher.Launcher;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy floor: full LFW View 2 (13,233 images, 6,000 pairs in 10 folds) through the README
 * commands, with the bundled model and the setting the README recommends for pre-cropped faces
 * ({@code --detect box}: landmarks in the fixed LFW face box, then alignment). Anything that
 * degrades decoding, landmarks, alignment, the model port or the protocol shows up here.
 *
 * <p>The floor is the 98.5% mean accuracy; it is not tuned to the measured figure. The
 * default fixed crop ({@code --detect none}) measures 97.58% and is not held to it (README,
 * "Results on LFW"). About 5 minutes on 2 cores.
 *
 * <p>{@code --model mobilefacenet --detect box} (the repaired MobileFaceNet on its arcface chip,
 * the best single-model setting on View 1) is held to {@value #MOBILEFACENET_FLOOR}: its measured
 * 99.02% rounded down to the 0.5% step below (README, "Models"). About 11 minutes more.
 */
class LfwView2RegressionIT {

  static final double FLOOR = 0.985;
  static final double MOBILEFACENET_FLOOR = 0.990;

  @TempDir
  Path work;

  @Test
  void view2MeanAccuracyStaysAtOrAboveTheFloor() throws Exception {
    assertView2AtOrAbove(FLOOR, "--detect", "box");
  }

  @Test
  void mobilefacenetView2MeanAccuracyStaysAtOrAboveItsFloor() throws Exception {
    assertView2AtOrAbove(MOBILEFACENET_FLOOR, "--detect", "box", "--model", "mobilefacenet");
  }

  private void assertView2AtOrAbove(double floor, String... embedOptions) throws Exception {
    Path lfw = TestData.lfwDir();
    Path faces = work.resolve("lfw-faces");
    Path report = work.resolve("view2");

    List<String> embedArgs = new java.util.ArrayList<>(List.of("--master", "local[2]", "embed", "--input",
        lfw.resolve("lfw-deepfunneled").toString(), "--output", faces.toString()));
    embedArgs.addAll(List.of(embedOptions));
    String embed = run(embedArgs.toArray(String[]::new));
    String evaluate = run("--master", "local[2]", "evaluate", "--faces", faces.toString(), "--protocol", "lfw-pairs",
        "--pairs", lfw.resolve("pairs.txt").toString(), "--report", report.toString());

    assertThat(embed).containsPattern("files seen\\s+13233\\b").containsPattern("rejects\\s+0\\b");
    JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
    assertThat(metrics.get("pairs_scored").asInt()).as("all of View 2, nothing skipped").isEqualTo(6000);
    assertThat(metrics.get("accuracy_mean").asDouble())
        .as("View 2 mean accuracy; per fold (folds.csv):%n%s%nevaluate printed:%n%s",
            Files.readString(report.resolve("folds.csv")), evaluate)
        .isGreaterThanOrEqualTo(floor);
  }

  /** One launcher run as a user types it; its output, or a failure that shows it. */
  private static String run(String... args) throws Exception {
    Launcher.Result result = Launcher.run(List.of(), Duration.ofMinutes(40), Map.of(), args);
    assertThat(result.exitCode()).as("bin/facespark %s%n%s", String.join(" ", args), result.output()).isZero();
    return result.output();
  }
}
