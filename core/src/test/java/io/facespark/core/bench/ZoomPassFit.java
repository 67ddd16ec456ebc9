package io.facespark.core.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.DoubtfulFaceLocator;
import io.facespark.core.detect.MultiPassFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How the zoomed second look's settings were chosen (not a speed benchmark): every doubtful
 * candidate the whole-image pass leaves (score >= 0.1, not on a face it found), one line each
 * (tab-separated: set, image, candidate score, zoom square side / image's longer side, then per
 * zoom scale the best score of a face found there that is the candidate, or 0), for LFW images
 * scaled to 640 px (one face; each look costs a BlazeFace forward), face-free images (every kept
 * face is false) and the demo photos (whether the candidate is on a hand-checked face).
 *
 * <pre>bin/bench core ZoomPassFit [--lfw 300] [--free 400]</pre>
 */
public final class ZoomPassFit {

  private static final double FLOOR = 0.1;
  private static final double[] SCALES = {2.0, 3.0};

  private ZoomPassFit() {
  }

  public static void main(String[] args) {
    int lfwCount = Integer.parseInt(DetectBenchmark.option(args, "--lfw", "300"));
    int freeCount = Integer.parseInt(DetectBenchmark.option(args, "--free", "400"));
    OneDnnConvolution.enable();
    try (BlazeFaceDetector blaze = new BlazeFaceDetector(
        BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE)) {
      List<DetectionSets.Photo> sets = new ArrayList<>();
      for (DetectionSets.Photo photo : DetectionSets.demoPhotos()) {
        sets.add(new DetectionSets.Photo("demo/" + photo.name(), photo.image(), photo.faces()));
      }
      int i = 0;
      for (Path file : DetectionSets.lfwSample(lfwCount)) {
        Mat scaled = new Mat();
        resize(DetectionSets.decode(file), scaled, new Size(640, 640), 0, 0, INTER_LINEAR);
        sets.add(new DetectionSets.Photo("lfw640/" + file.getFileName(), scaled, List.of()));
      }
      for (Mat image : DetectionSets.faceFree(freeCount)) {
        sets.add(new DetectionSets.Photo("free/" + i++, image, List.of()));
      }
      List<MultiPassFaceLocator> zooms = new ArrayList<>();
      for (double scale : SCALES) {
        zooms.add(new MultiPassFaceLocator(blaze, 0.75, 0, 0, 1024, FLOOR, scale, 1));
      }
      System.out.println("set\timage\tscore\tsquare/side\tlabelled\tzoom x" + SCALES[0] + "\tzoom x" + SCALES[1]);
      for (DetectionSets.Photo photo : sets) {
        Mat image = photo.image();
        DoubtfulFaceLocator.Located located = blaze.locateWithDoubts(image, FLOOR);
        for (FaceLocation candidate : located.doubtful()) {
          if (located.faces().stream().anyMatch(face -> MultiPassFaceLocator.sameFace(face, candidate))) {
            continue;
          }
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.2f\t%s",
              photo.name().substring(0, photo.name().indexOf('/')), photo.name(), candidate.score(),
              zooms.get(0).zoomSquare(candidate, Integer.MAX_VALUE, Integer.MAX_VALUE).width()
                  / (double) Math.max(image.cols(), image.rows()) * SCALES[1] / SCALES[0],
              photo.faces().stream().anyMatch(b -> b.containsCentreOf(candidate))));
          for (MultiPassFaceLocator zoom : zooms) {
            Rect square = zoom.zoomSquare(candidate, image.cols(), image.rows());
            float best = 0;
            try (Mat view = new Mat(image, square)) {
              for (FaceLocation face : blaze.locate(view)) {
                FaceLocation shifted = new FaceLocation(face.x() + square.x(), face.y() + square.y(), face.w(), face.h(),
                    face.score());
                if (MultiPassFaceLocator.sameFace(candidate, shifted)) {
                  best = Math.max(best, face.score());
                }
              }
            }
            line.append(String.format(Locale.ROOT, "\t%.3f", best));
          }
          System.out.println(line);
        }
      }
    }
  }
}
