package io.facespark.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.metrics.Calibration;
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
 * <p>The same faces then go through all-pairs, whose operating points must still be the calibration
 * shipped for the model ({@code --threshold far:<FAR>} of quickstart and watchlist reads it): a
 * change to the model port, the alignment or the histogram that moves a threshold fails here, and
 * the shipped file is regenerated with the commands in its README. About 1 more minute.
 *
 * <p>{@code --model mobilefacenet --detect largest} (the repaired MobileFaceNet on its arcface chip,
 * aligned on the landmarks found in BlazeFace's box: the best single-model setting on View 1) is
 * held to {@value #MOBILEFACENET_FLOOR}: its measured 99.27% rounded down to the 0.5% step below
 * (README, "Models"), and its all-pairs operating points to the calibration shipped for it. About
 * 5 minutes more.
 *
 * <p>{@code --landmarks 68+mesh} (each face cut twice, on the 68 points and on FaceMesh's five, the
 * two embeddings averaged: the best single-model setting on View 1, 99.42% on View 2) is held to
 * {@value #BOTH_ALIGNMENTS_FLOOR} (99.42% rounded down the same way), and its all-pairs operating
 * points to the calibration shipped for it: a fault in the mesh port, its framing or the averaging
 * shows up. About 6 minutes more (both landmark stages and two chips a face; 652 s for the three
 * tests in a CI rehearsal).
 */
class LfwView2RegressionIT {

  static final double FLOOR = 0.985;
  static final double MOBILEFACENET_FLOOR = 0.990;
  static final double BOTH_ALIGNMENTS_FLOOR = 0.990;

  @TempDir
  Path work;

  /** Embedding arithmetic may differ in the last bits across machines; a bin or two of the histogram. */
  static final double THRESHOLD_TOLERANCE = 1e-3;
  static final double TAR_TOLERANCE = 2e-3;

  @Test
  void view2MeanAccuracyStaysAtOrAboveTheFloorAndTheShippedCalibrationHolds() throws Exception {
    Path faces = assertView2AtOrAbove(FLOOR, "--detect", "box");
    assertAllPairsMatchTheShippedCalibration(faces, "box");
  }

  @Test
  void mobilefacenetView2MeanAccuracyStaysAtOrAboveItsFloorAndItsShippedCalibrationHolds() throws Exception {
    Path faces = assertView2AtOrAbove(MOBILEFACENET_FLOOR, "--detect", "largest", "--model", "mobilefacenet");
    assertAllPairsMatchTheShippedCalibration(faces, "all|largest");
  }

  @Test
  void mobilefacenetWithBothAlignmentsView2MeanAccuracyStaysAtOrAboveItsFloorAndItsShippedCalibrationHolds()
      throws Exception {
    Path faces = assertView2AtOrAbove(BOTH_ALIGNMENTS_FLOOR, "--detect", "largest", "--model", "mobilefacenet",
        "--landmarks", "68+mesh");
    assertAllPairsMatchTheShippedCalibration(faces, "all|largest");
  }

  /** All pairs of the faces: their operating points must be the calibration shipped for that model and setting. */
  private void assertAllPairsMatchTheShippedCalibration(Path faces, String detect) throws Exception {
    Path allPairs = work.resolve("all-pairs");
    run("--master", "local[2]", "evaluate", "--faces", faces.toString(), "--protocol", "all-pairs", "--report",
        allPairs.toString());
    Calibration measured = Calibration.read(allPairs.resolve("calibration.json"));
    Calibration shipped = Calibration.bundled(measured.modelVersion(), measured.alignment())
        .orElseThrow(() -> new AssertionError("no calibration shipped for " + measured.modelVersion() + " / "
            + measured.alignment() + "; evaluate measured:\n" + measured));
    assertThat(measured.detect()).isEqualTo(shipped.detect()).isEqualTo(detect);
    assertThat(measured.labelledFaces()).isEqualTo(shipped.labelledFaces());
    assertThat(measured.genuinePairs()).isEqualTo(shipped.genuinePairs());
    assertThat(measured.impostorPairs()).isEqualTo(shipped.impostorPairs());
    assertThat(measured.operatingPoints()).hasSameSizeAs(shipped.operatingPoints());
    for (int i = 0; i < shipped.operatingPoints().size(); i++) {
      Calibration.OperatingPoint want = shipped.operatingPoints().get(i);
      Calibration.OperatingPoint got = measured.operatingPoints().get(i);
      assertThat(got.far()).isEqualTo(want.far());
      assertThat(got.threshold()).as("threshold at FAR %s", want.far())
          .isCloseTo(want.threshold(), within(THRESHOLD_TOLERANCE));
      assertThat(got.tar()).as("TAR at FAR %s", want.far()).isCloseTo(want.tar(), within(TAR_TOLERANCE));
    }
  }

  /** Embeds all of LFW with these options, scores View 2, holds the mean to the floor; returns the faces table. */
  private Path assertView2AtOrAbove(double floor, String... embedOptions) throws Exception {
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
    return faces;
  }

  /** One launcher run as a user types it; its output, or a failure that shows it. */
  private static String run(String... args) throws Exception {
    Launcher.Result result = Launcher.run(List.of(), Duration.ofMinutes(40), Map.of(), args);
    assertThat(result.exitCode()).as("bin/facespark %s%n%s", String.join(" ", args), result.output()).isZero();
    return result.output();
  }
}
