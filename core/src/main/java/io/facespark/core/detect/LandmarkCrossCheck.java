package io.facespark.core.detect;

import io.facespark.core.align.ChipTemplate;
import io.facespark.core.align.SimilarityTransform;
import io.facespark.core.pipeline.FaceLocation;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Checks the 68 landmark points against the detector's own keypoints (BlazeFace's eyes, nose tip and
 * mouth centre, {@link FaceLocation#keypoints()}) and, when they disagree, runs the landmark net a
 * second time on the face made upright: the crop is a similarity warp that puts the four keypoints
 * where they sit, on average, in the square the net normally sees ({@link #TEMPLATE}); the points
 * found there are mapped back. The second points are kept only if they agree with the keypoints
 * better than the first.
 *
 * <p>Why: the 68-point net fails on turned and tilted faces (its points 0.6 inter-ocular off or
 * more), and a second pass in a box its own failed points place cannot repair it; the keypoints
 * come from a different net, trained on rolled faces, and are rarely wrong at the same time.
 *
 * <p>Faces without keypoints (the SSD, a fixed box) pass unchanged. One thread at a time, like
 * the landmark net.
 */
public final class LandmarkCrossCheck {

  /**
   * The default largest disagreement (mean distance of eyes, nose tip and mouth centre, in units of
   * the keypoints' eye distance) taken without a second pass. Chosen on LFW View 1 DevTrain
   * ({@code LargestVersusBoxBenchmark}: 0.12, 0.18, 0.25 gave 98.77%, 98.82%, 98.82% against 98.64%
   * unchecked); agreeing faces sit at 0.08 (median; the two nets mark the eyes and mouth a little
   * differently), and at 0.18 the second pass runs on about 3% of LFW's faces.
   */
  public static final double DEFAULT_MAX_DISAGREEMENT = 0.18;
  /** Side of the upright crop in pixels (about twice the net's 112 px input: little aliasing). */
  static final int CROP = 224;
  /**
   * Right eye, left eye, nose tip, mouth centre relative to the square the 68-point net sees
   * (the detector's box padded to a square), medians over LFW View 1 DevTrain faces whose two sets
   * of points agreed ({@code KeypointTemplateFit}).
   */
  static final double[] TEMPLATE = {0.341, 0.437, 0.654, 0.432, 0.503, 0.610, 0.509, 0.775};

  private final FaceLandmarks68 landmarks;
  private final double maxDisagreement;

  /** @param maxDisagreement above this the second pass runs; {@code Double.POSITIVE_INFINITY} never */
  public LandmarkCrossCheck(FaceLandmarks68 landmarks, double maxDisagreement) {
    if (!(maxDisagreement > 0)) {
      throw new IllegalArgumentException("maxDisagreement must be > 0, got " + maxDisagreement);
    }
    this.landmarks = landmarks;
    this.maxDisagreement = maxDisagreement;
  }

  /** The points to keep for {@code face}: {@code points} (the first pass), or the upright pass's when better. */
  public float[] check(Mat bgr, FaceLocation face, float[] points) {
    if (face.keypoints() == null || points == null) {
      return points;
    }
    double first = disagreement(points, face.keypoints());
    if (first <= maxDisagreement) {
      return points;
    }
    float[] second = uprightPass(bgr, face.keypoints());
    return second != null && disagreement(second, face.keypoints()) < first ? second : points;
  }

  /**
   * Mean distance between the 68 points' eye centres, nose tip and mouth centre and the detector's
   * right eye, left eye, nose tip and mouth centre, over the keypoints' eye distance.
   */
  public static double disagreement(float[] landmarks68, float[] keypoints) {
    double[] five = ChipTemplate.fromLandmarks68(landmarks68);
    double[] mine = {five[0], five[1], five[2], five[3], five[4], five[5], (five[6] + five[8]) / 2, (five[7] + five[9]) / 2};
    double eyes = Math.hypot(keypoints[2] - keypoints[0], keypoints[3] - keypoints[1]);
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      sum += Math.hypot(mine[2 * k] - keypoints[2 * k], mine[2 * k + 1] - keypoints[2 * k + 1]);
    }
    return sum / 4 / Math.max(eyes, 1e-6);
  }

  /** The 68 points found in the upright crop the keypoints place, in image pixels; null if the crop is degenerate. */
  public float[] uprightPass(Mat bgr, float[] keypoints) {
    double[] from = new double[8];
    double[] to = new double[8];
    for (int i = 0; i < 8; i++) {
      from[i] = keypoints[i];
      to[i] = TEMPLATE[i] * CROP;
    }
    SimilarityTransform toCrop;
    try {
      toCrop = SimilarityTransform.fit(from, to);
    } catch (IllegalArgumentException coincident) {
      return null;
    }
    float[] inCrop;
    try (Mat matrix = new Mat(2, 3, opencv_core.CV_64F);
         Mat crop = new Mat();
         Size size = new Size(CROP, CROP);
         Scalar black = new Scalar(0.0)) {
      try (DoublePointer data = new DoublePointer(matrix.data())) {
        data.put(toCrop.toAffineRows());
      }
      opencv_imgproc.warpAffine(bgr, crop, matrix, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT, black);
      inCrop = landmarks.locate(crop, new FaceLocation(0, 0, CROP, CROP, null));
    }
    return inCrop == null ? null : toCrop.inverse().apply(inCrop);
  }
}
