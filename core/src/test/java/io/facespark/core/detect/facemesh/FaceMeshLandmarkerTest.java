package io.facespark.core.detect.facemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.align.SimilarityTransform;
import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.MainFace;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FaceMesh framed by BlazeFace on real LFW photos: the mesh's eyes and mouth land on the
 * detector's, the five points come in the aligner's order, and a rotated photo gives the same
 * points rotated (the region is levelled by the eyes, and mapped back through the same transform).
 */
class FaceMeshLandmarkerTest {

  /** Mesh eye centre to BlazeFace's eye keypoint, in eye distances: two nets marking the same eye. */
  private static final double EYES_AGREE = 0.2;
  /** Five points of a rotated photo against the original's rotated, mean, in eye distances. */
  private static final double ROTATION_KEEPS_POINTS = 0.05;

  /** Real LFW photos, named rather than sampled (listing all 13,233 files costs seconds): both sexes, turned heads, glasses. */
  private static final List<Path> PHOTOS = List.of(
      TestData.lfwImage("George_W_Bush", 1), TestData.lfwImage("Colin_Powell", 1), TestData.lfwImage("Serena_Williams", 1),
      TestData.lfwImage("Jennifer_Aniston", 1), TestData.lfwImage("Aaron_Eckhart", 1), TestData.lfwImage("Tony_Blair", 1),
      TestData.lfwImage("Gerhard_Schroeder", 1), TestData.lfwImage("Ariel_Sharon", 1), TestData.lfwImage("Hugo_Chavez", 1),
      TestData.lfwImage("Laura_Bush", 1), TestData.lfwImage("Donald_Rumsfeld", 1), TestData.lfwImage("Jean_Chretien", 1));

  private static BlazeFaceDetector detector;
  private static FaceMeshLandmarker landmarker;

  @BeforeAll
  static void load() {
    Path human = TestData.models().requireVerified(ModelPackage.HUMAN_MODELS);
    detector = new BlazeFaceDetector(BlazeFaceNet.load(human), BlazeFaceDetector.DEFAULT_MIN_SCORE, 40);
    landmarker = new FaceMeshLandmarker(FaceMeshNet.fromFiles(FaceMeshNet.files(human)));
  }

  @AfterAll
  static void close() {
    detector.close();
    landmarker.close();
  }

  @Test
  void meshEyesAndMouthLandOnBlazeFacesKeypointsInAlignerOrder() {
    double worstEye = 0;
    for (Path file : PHOTOS) {
      Mat image = DetectionSets.decode(file);
      FaceLocation face = mainFace(image);
      FaceMeshLandmarker.Mesh mesh = landmarker.locate(image, face);
      float[] five = mesh.fivePoints();
      float[] k = face.keypoints();
      double eyes = Math.hypot(k[2] - k[0], k[3] - k[1]);
      String name = file.getFileName().toString();
      assertThat(mesh.faceFlag()).as("%s: face flag", name).isGreaterThan(0.5f);
      assertThat(Math.hypot(five[0] - k[0], five[1] - k[1]) / eyes).as("%s: image-left eye", name).isLessThan(EYES_AGREE);
      assertThat(Math.hypot(five[2] - k[2], five[3] - k[3]) / eyes).as("%s: image-right eye", name).isLessThan(EYES_AGREE);
      worstEye = Math.max(worstEye, Math.max(Math.hypot(five[0] - k[0], five[1] - k[1]),
          Math.hypot(five[2] - k[2], five[3] - k[3])) / eyes);
      double mouthX = (five[6] + five[8]) / 2;
      double mouthY = (five[7] + five[9]) / 2;
      assertThat(Math.hypot(mouthX - k[6], mouthY - k[7]) / eyes).as("%s: mouth centre", name).isLessThan(2 * EYES_AGREE);
      assertThat(five[0]).as("%s: left eye left of the right eye", name).isLessThan(five[2]);
      assertThat(five[6]).as("%s: mouth corners in order", name).isLessThan(five[8]);
      assertThat(Math.max(five[1], five[3])).as("%s: eyes above the nose tip", name).isLessThan(five[5]);
      assertThat(five[5]).as("%s: nose tip above the mouth corners", name).isLessThan(Math.min(five[7], five[9]));
    }
    System.out.printf("FaceMesh eye centres against BlazeFace's eye keypoints, 12 LFW faces: worst %.3f eye distances%n",
        worstEye);
  }

  @Test
  void aRotatedPhotoGivesTheSamePointsRotated() {
    double worst = 0;
    for (Path file : PHOTOS.subList(0, 4)) {
      Mat image = DetectionSets.decode(file);
      float[] upright = landmarker.locate(image, mainFace(image)).fivePoints();
      for (double degrees : new double[] {-30, 20}) {
        // Into a canvas 1.5x as large, so that no corner of the photo is cut off.
        int side = (int) (1.5 * Math.max(image.cols(), image.rows()));
        double t = Math.toRadians(degrees);
        double a = Math.cos(t);
        double b = Math.sin(t);
        SimilarityTransform turn = new SimilarityTransform(a, b,
            side / 2.0 - (a * image.cols() / 2.0 - b * image.rows() / 2.0),
            side / 2.0 - (b * image.cols() / 2.0 + a * image.rows() / 2.0));
        Mat rotated = warp(image, turn, side);
        float[] found = landmarker.locate(rotated, mainFace(rotated)).fivePoints();
        float[] expected = turn.apply(upright);
        double eyes = Math.hypot(upright[2] - upright[0], upright[3] - upright[1]);
        double error = 0;
        for (int i = 0; i < 10; i += 2) {
          error += Math.hypot(found[i] - expected[i], found[i + 1] - expected[i + 1]) / 5;
        }
        worst = Math.max(worst, error / eyes);
        assertThat(error / eyes).as("%s turned %s degrees: mean point error in eye distances", file.getFileName(), degrees)
            .isLessThan(ROTATION_KEEPS_POINTS);
      }
    }
    System.out.printf("FaceMesh five points, photo turned -30/+20 degrees against the upright points turned: worst mean"
        + " error %.4f eye distances%n", worst);
  }

  @Test
  void aFaceWithoutKeypointsIsRefusedNamingTheFix() {
    Mat image = DetectionSets.decode(TestData.lfwImage("George_W_Bush", 1));
    assertThatThrownBy(() -> landmarker.locate(image, new FaceLocation(70, 70, 110, 110, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keypoints").hasMessageContaining("--detector blazeface");
  }

  private static FaceLocation mainFace(Mat image) {
    List<FaceLocation> faces = detector.locate(image);
    assertThat(faces).as("faces BlazeFace finds").isNotEmpty();
    return faces.get(MainFace.of(faces, image.cols(), image.rows()));
  }

  /** The image turned by {@code turn} (continuous coordinates, as the points), into a {@code side}-px square. */
  private static Mat warp(Mat image, SimilarityTransform turn, int side) {
    double[] shift = turn.apply(0.5, 0.5);
    Mat out = new Mat();
    try (Mat matrix = new Mat(2, 3, opencv_core.CV_64F); Size size = new Size(side, side); Scalar black = new Scalar(0.0)) {
      try (DoublePointer data = new DoublePointer(matrix.data())) {
        data.put(new double[] {turn.a(), -turn.b(), shift[0] - 0.5, turn.b(), turn.a(), shift[1] - 0.5});
      }
      opencv_imgproc.warpAffine(image, out, matrix, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT, black);
    }
    return out;
  }
}
