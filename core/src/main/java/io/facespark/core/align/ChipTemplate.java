package io.facespark.core.align;

/**
 * Where five face points go in a dlib-style face chip, and how to get them from 68 landmarks.
 *
 * <p>Derived from dlib's {@code get_face_chip_details} (dlib/image_transforms/interpolation.h),
 * which maps its mean face (points 17-67, unit square) into the chip as
 * {@code (padding + m) / (1 + 2 * padding) * size}; dlib's face recognition net (the one this
 * project embeds with) was trained on chips with {@code size = 150, padding = 0.25}, i.e.
 * {@code chip = (0.25 + m) * 100} px. The five points here are averages/picks of that mean face:
 * <pre>
 *   point (iBUG index)         mean face (x, y)       150 px chip, padding 0.25
 *   image-left eye (36-41)     (0.225492, 0.215990)   (47.549, 46.599)
 *   image-right eye (42-47)    (0.754761, 0.215990)   (100.476, 46.599)
 *   nose tip (30)              (0.490127, 0.515625)   (74.013, 76.563)
 *   mouth corner left (48)     (0.254149, 0.780233)   (50.415, 103.023)
 *   mouth corner right (54)    (0.726104, 0.780233)   (97.610, 103.023)
 * </pre>
 * dlib itself fits all 51 points 17-67 (minus brows and lower lip); five robust points keep the
 * fit insensitive to the landmark net's noisier jaw and lip points. The eye means are computed
 * below from dlib's six eye points each, not typed in.
 */
public final class ChipTemplate {

  /** dlib's mean face, points 36-41 (x then y), 42-47, 30, 48, 54. */
  private static final double[] LEFT_EYE_X = {0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743};
  private static final double[] LEFT_EYE_Y = {0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077};
  private static final double[] RIGHT_EYE_X = {0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335};
  private static final double[] RIGHT_EYE_Y = {0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099};
  private static final double[] NOSE_TIP = {0.490127, 0.515625};
  private static final double[] MOUTH_LEFT = {0.254149, 0.780233};
  private static final double[] MOUTH_RIGHT = {0.726104, 0.780233};

  public static final double DLIB_PADDING = 0.25;

  private ChipTemplate() {
  }

  /** The five template points ({@code x, y} pairs) for a {@code width x height} chip. */
  public static double[] points(int width, int height, double padding) {
    double[] unit = {mean(LEFT_EYE_X), mean(LEFT_EYE_Y), mean(RIGHT_EYE_X), mean(RIGHT_EYE_Y),
        NOSE_TIP[0], NOSE_TIP[1], MOUTH_LEFT[0], MOUTH_LEFT[1], MOUTH_RIGHT[0], MOUTH_RIGHT[1]};
    double[] chip = new double[unit.length];
    for (int i = 0; i < unit.length; i++) {
      chip[i] = (padding + unit[i]) / (1 + 2 * padding) * (i % 2 == 0 ? width : height);
    }
    return chip;
  }

  /**
   * insightface's {@code arcface_dst}: left eye, right eye, nose tip, left and right mouth corner
   * (image left/right, like {@link #fromLandmarks68}) in a 112x112 chip, the template ArcFace-trained
   * nets were trained on; scaled for other chip sizes.
   */
  private static final double[] ARCFACE_112 = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366,
      41.5493, 92.3655, 70.7299, 92.2041};

  /** The five arcface template points ({@code x, y} pairs) for a {@code width x height} chip. */
  public static double[] arcface(int width, int height) {
    double[] chip = new double[ARCFACE_112.length];
    for (int i = 0; i < chip.length; i++) {
      chip[i] = ARCFACE_112[i] * (i % 2 == 0 ? width : height) / 112.0;
    }
    return chip;
  }

  /** The same five points from 68 landmarks ({@code x0, y0, ..., x67, y67}). */
  public static double[] fromLandmarks68(float[] landmarks) {
    return FivePointRecipe.DLIB.from(landmarks);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
