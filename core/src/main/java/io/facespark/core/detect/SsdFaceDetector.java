package io.facespark.core.detect;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage with the bundled SSD MobileNet v1: score threshold, the reference's
 * non-maximum suppression (IoU 0.5, at most 100 faces), boxes mapped back to original image
 * pixels, faces smaller than a minimum side dropped, the rest ordered by box area descending, then
 * score descending (the project's rule: the first face is the largest).
 *
 * <p>Boxes are clipped to the padded square as face-api.js does, so a box never starts left of or
 * above the image; it may reach past the right/bottom edge by a fraction of a pixel.
 *
 * <p>Thread-safety: one thread at a time (the underlying net is synchronized); use one detector
 * per thread for parallelism.
 */
public final class SsdFaceDetector implements FaceLocator, AutoCloseable {

  public static final double DEFAULT_MIN_SCORE = 0.5;
  public static final int DEFAULT_MIN_FACE_SIZE = 40;
  /** face-api.js's values (SsdMobilenetv1.locateFaces and SsdMobilenetv1Options). */
  static final double IOU_THRESHOLD = 0.5;
  static final int MAX_RESULTS = 100;

  /** Biggest first, then most confident: the project's "largest face" order. */
  public static final Comparator<FaceLocation> LARGEST_FIRST =
      Comparator.comparingDouble((FaceLocation f) -> (double) f.w() * f.h()).reversed()
          .thenComparing(Comparator.comparingDouble((FaceLocation f) -> f.score()).reversed());

  private final SsdMobileNetV1 net;
  private final double minScore;
  private final int minFaceSize;

  public SsdFaceDetector(SsdMobileNetV1 net, double minScore, int minFaceSize) {
    DetectorChecks.settings(minScore, minFaceSize);
    this.net = net;
    this.minScore = minScore;
    this.minFaceSize = minFaceSize;
  }

  /** The defaults: score > 0.5, faces at least 40 px on their shorter side. */
  public static SsdFaceDetector load(Path modelDir) {
    return new SsdFaceDetector(SsdMobileNetV1.load(modelDir), DEFAULT_MIN_SCORE, DEFAULT_MIN_FACE_SIZE);
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    DetectorChecks.image(bgrImage);
    int width = bgrImage.cols();
    int height = bgrImage.rows();
    SsdBoxDecoder.Candidates candidates = net.predict(bgrImage);
    float[] boxes = candidates.boxes();
    // The reference maps "relative to the padded square" to pixels via the rounded resized size.
    int size = SsdMobileNetV1Graph.INPUT_SIZE;
    double scale = (double) size / Math.max(width, height);
    double toX = (double) size / Math.round(width * scale) * width;
    double toY = (double) size / Math.round(height * scale) * height;
    List<FaceLocation> faces = new ArrayList<>();
    for (int i : NonMaxSuppression.select(boxes, candidates.scores(), minScore, IOU_THRESHOLD, MAX_RESULTS)) {
      double top = Math.max(0, boxes[i * 4]) * toY;
      double left = Math.max(0, boxes[i * 4 + 1]) * toX;
      double bottom = Math.min(1, boxes[i * 4 + 2]) * toY;
      double right = Math.min(1, boxes[i * 4 + 3]) * toX;
      double w = right - left;
      double h = bottom - top;
      if (w >= minFaceSize && h >= minFaceSize && w > 0 && h > 0) {
        faces.add(new FaceLocation((float) left, (float) top, (float) w, (float) h, candidates.scores()[i]));
      }
    }
    faces.sort(LARGEST_FIRST);
    return faces;
  }

  public SsdMobileNetV1 net() {
    return net;
  }

  @Override
  public void close() {
    net.close();
  }
}
