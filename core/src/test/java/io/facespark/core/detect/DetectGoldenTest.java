package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.pipeline.FaceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DL4J detector and landmark net against face-api.js itself on the six demo photos
 * ({@code core/src/test/golden/generate-detect.js}). The Java side decodes the JPEGs with OpenCV
 * (the jobs' decoder), the reference with jpeg-js; the two decoders differ by a level or two on
 * some pixels, which is part of what the tolerances absorb.
 */
class DetectGoldenTest {

  static final double MIN_IOU = 0.9;
  static final double SCORE_TOLERANCE = 0.02;
  /** Mean landmark error as a fraction of the box's larger side. */
  static final double MAX_LANDMARK_ERROR = 0.02;

  private static SsdFaceDetector detector;
  private static FaceLandmarks68 landmarks;
  private static List<Match> matches;
  private static List<String> countMismatches;

  record Match(String file, DetectFixture.Face expected, FaceLocation actual, double iou, double landmarkError) {
  }

  @BeforeAll
  static void run() {
    // No minimum size here: the reference has none (every demo face is over 140 px anyway).
    detector = new SsdFaceDetector(SsdMobileNetV1.load(DetectFixture.modelDir()), 0.5, 0);
    landmarks = FaceLandmarks68.load(DetectFixture.modelDir());
    matches = new ArrayList<>();
    countMismatches = new ArrayList<>();
    for (DetectFixture.Image image : DetectFixture.images()) {
      String name = image.file().substring(image.file().lastIndexOf('/') + 1);
      try (Mat bgr = DetectFixture.demo(name)) {
        assertThat(bgr.cols()).as(name + " width").isEqualTo(image.width());
        List<FaceLocation> found = detector.locate(bgr);
        if (found.size() != image.faces().size()) {
          countMismatches.add(name + ": " + found.size() + " faces, reference " + image.faces().size());
        }
        for (DetectFixture.Face expected : image.faces()) {
          FaceLocation best = null;
          double bestIou = 0;
          for (FaceLocation face : found) {
            double iou = DetectFixture.iou(expected.x(), expected.y(), expected.w(), expected.h(), face.x(), face.y(), face.w(), face.h());
            if (iou > bestIou) {
              bestIou = iou;
              best = face;
            }
          }
          double error = best == null ? Double.NaN : landmarkError(expected, landmarks.locate(bgr, best));
          matches.add(new Match(name, expected, best, bestIou, error));
          System.out.printf(Locale.ROOT, "%s ref score %.4f box %.1f,%.1f %.1fx%.1f | dl4j %s | IoU %.4f, landmark error %.4f%n",
              name, expected.score(), expected.x(), expected.y(), expected.w(), expected.h(), best, bestIou, error);
        }
      }
    }
  }

  /** Mean point distance over the reference box's larger side. */
  static double landmarkError(DetectFixture.Face expected, float[] actual) {
    double sum = 0;
    for (int i = 0; i < actual.length / 2; i++) {
      sum += Math.hypot(actual[2 * i] - expected.landmarks()[2 * i], actual[2 * i + 1] - expected.landmarks()[2 * i + 1]);
    }
    return sum / (actual.length / 2) / Math.max(expected.w(), expected.h());
  }

  @AfterAll
  static void close() {
    if (detector != null) {
      detector.close();
    }
    if (landmarks != null) {
      landmarks.close();
    }
  }

  @Test
  void fixtureWasMadeFromTheCachedWeights() throws Exception {
    var fixture = DetectFixture.json();
    assertThat(fixture.get("detectorWeightsSha256").asText()).as("SSD weights the fixture was made with")
        .isEqualTo(sha256(DetectFixture.modelDir().resolve("ssd_mobilenetv1_model.bin")));
    assertThat(fixture.get("landmarkWeightsSha256").asText()).as("landmark weights the fixture was made with")
        .isEqualTo(sha256(DetectFixture.modelDir().resolve("face_landmark_68_model.bin")));
  }

  static String sha256(java.nio.file.Path file) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file));
    return java.util.HexFormat.of().formatHex(digest);
  }

  @Test
  void fixtureCoversTheSixDemoPhotos() {
    assertThat(DetectFixture.images()).as("demo photos in the fixture").hasSize(6);
    assertThat(matches).as("reference faces").hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void sameFaceCountAsTheReference() {
    assertThat(countMismatches).as("photos whose face count differs from face-api.js").isEmpty();
  }

  @Test
  void everyBoxMatchesItsReferenceBox() {
    double worst = matches.stream().mapToDouble(Match::iou).min().orElseThrow();
    System.out.printf(Locale.ROOT, "worst box IoU vs reference: %.4f over %d faces%n", worst, matches.size());
    assertThat(worst).as("worst IoU between a reference box and its DL4J box").isGreaterThanOrEqualTo(MIN_IOU);
  }

  @Test
  void scoresMatchTheReference() {
    double worst = matches.stream().mapToDouble(m -> Math.abs(m.actual().score() - m.expected().score())).max().orElseThrow();
    System.out.printf(Locale.ROOT, "worst score difference vs reference: %.5f%n", worst);
    assertThat(worst).as("worst score difference").isLessThanOrEqualTo(SCORE_TOLERANCE);
  }

  @Test
  void landmarksMatchTheReference() {
    double worst = matches.stream().mapToDouble(Match::landmarkError).max().orElseThrow();
    System.out.printf(Locale.ROOT, "worst mean landmark error vs reference: %.4f of the box size%n", worst);
    assertThat(worst).as("worst mean landmark error / box size").isLessThanOrEqualTo(MAX_LANDMARK_ERROR);
  }
}
