package io.facespark.core.bench;

import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.LandmarkCrossCheck;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Fits {@code LandmarkCrossCheck.TEMPLATE}: where BlazeFace's right eye, left eye, nose tip and
 * mouth centre sit in the square the 68-point net sees (the detector's box, clipped, padded to a
 * square), medians over the largest face of LFW View 1 DevTrain's first images whose 68 points
 * agree with the keypoints (disagreement below 0.1); also prints the disagreement's distribution.
 *
 * <p>{@code bin/bench core KeypointTemplateFit [--images N]} (default 300).
 */
public final class KeypointTemplateFit {

  private KeypointTemplateFit() {}

  public static void main(String[] args) throws Exception {
    int count = args.length == 2 && args[0].equals("--images") ? Integer.parseInt(args[1]) : 300;
    Path lfw = TestData.lfwDir();
    ImageDecoder decoder = new ImageDecoder();
    List<double[]> relative = new ArrayList<>();
    List<Double> disagreements = new ArrayList<>();
    try (LandmarkedFaceLocator unchecked = new LandmarkedFaceLocator(
        new BlazeFaceDetector(BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
            BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE),
        FaceLandmarks68.load(TestData.models().requireVerifiedModelDir()), Double.POSITIVE_INFINITY)) {
      for (String name : LargestVersusBoxBenchmark.devTrainNames(lfw, count)) {
        try (Mat bgr = decoder.decode(Files.readAllBytes(lfw.resolve("lfw-deepfunneled").resolve(name)))) {
          List<FaceLocation> faces = unchecked.locate(bgr);
          if (faces.isEmpty()) {
            continue;
          }
          FaceLocation face = faces.get(0);
          double d = LandmarkCrossCheck.disagreement(face.landmarks(), face.keypoints());
          disagreements.add(d);
          if (d >= 0.1) {
            continue;
          }
          double side = Math.max(face.w(), face.h());
          double left = face.x() - (side - face.w()) / 2;
          double top = face.y() - (side - face.h()) / 2;
          double[] r = new double[8];
          for (int i = 0; i < 8; i += 2) {
            r[i] = (face.keypoints()[i] - left) / side;
            r[i + 1] = (face.keypoints()[i + 1] - top) / side;
          }
          relative.add(r);
        }
      }
    }
    StringBuilder template = new StringBuilder();
    for (int c = 0; c < 8; c++) {
      int column = c;
      double[] values = relative.stream().mapToDouble(r -> r[column]).sorted().toArray();
      template.append(String.format(Locale.ROOT, "%s%.3f", c == 0 ? "" : ", ", values[values.length / 2]));
    }
    double[] d = disagreements.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%d faces, %d agreeing; TEMPLATE = {%s}%n", d.length, relative.size(), template);
    System.out.printf(Locale.ROOT, "disagreement median %.3f, 90th %.3f, 95th %.3f, 99th %.3f, max %.3f%n",
        d[d.length / 2], d[d.length * 9 / 10], d[d.length * 95 / 100], d[d.length * 99 / 100], d[d.length - 1]);
  }
}
