package io.facespark.core.align;

/**
 * How the five alignment points (image-left eye, image-right eye, nose, image-left and
 * image-right mouth corner) are read off the 68 iBUG landmarks. A chip template is only as good as
 * the agreement between the points it was built from and the points fitted to it: dlib's template
 * comes from its mean face's own landmarks ({@link #DLIB}), insightface's from a 5-point detector
 * whose points (pupils, nose tip, mouth corners) the 68 landmarks can only approximate.
 */
public record FivePointRecipe(Eyes eyes, Nose nose, Mouth mouth) {

  /** The eye centre. */
  public enum Eyes {
    /** Mean of the six points of each eye (36-41, 42-47). */
    SIX_POINT_MEAN,
    /** Midpoint of each eye's two corners (36/39, 42/45). */
    CORNER_MIDPOINT,
    /**
     * Mean of each eye's four lid points (37, 38, 40, 41): the pupil sits between the lids, while
     * the corners pull the six-point mean towards the lower inner corner.
     */
    LID_MEAN
  }

  /** The nose point. */
  public enum Nose {
    /** Point 30. */
    TIP,
    /** Mean of the tip and the five points of the nose base (30-35). */
    TIP_AND_BASE_MEAN
  }

  /** The mouth corners. */
  public enum Mouth {
    /** Outer lip corners 48, 54. */
    OUTER_CORNERS,
    /** Inner lip corners 60, 64. */
    INNER_CORNERS
  }

  /** The points dlib's mean-face template is built from (see {@link ChipTemplate}). */
  public static final FivePointRecipe DLIB = new FivePointRecipe(Eyes.SIX_POINT_MEAN, Nose.TIP, Mouth.OUTER_CORNERS);

  public FivePointRecipe {
    if (eyes == null || nose == null || mouth == null) {
      throw new IllegalArgumentException("eyes, nose and mouth are all required");
    }
  }

  /** The five points ({@code x, y} pairs) from 68 landmarks ({@code x0, y0, ..., x67, y67}). */
  public double[] from(float[] landmarks) {
    if (landmarks == null || landmarks.length != 136) {
      throw new IllegalArgumentException("expected 68 landmarks (136 values), got "
          + (landmarks == null ? "none" : landmarks.length + " values"));
    }
    double[] five = new double[10];
    eye(landmarks, 36, five, 0);
    eye(landmarks, 42, five, 2);
    int[] nosePoints = nose == Nose.TIP ? new int[] {30} : new int[] {30, 31, 32, 33, 34, 35};
    mean(landmarks, nosePoints, five, 4);
    int left = mouth == Mouth.OUTER_CORNERS ? 48 : 60;
    int right = mouth == Mouth.OUTER_CORNERS ? 54 : 64;
    mean(landmarks, new int[] {left}, five, 6);
    mean(landmarks, new int[] {right}, five, 8);
    return five;
  }

  private void eye(float[] landmarks, int first, double[] out, int at) {
    int[] points = switch (eyes) {
      case SIX_POINT_MEAN -> new int[] {first, first + 1, first + 2, first + 3, first + 4, first + 5};
      case CORNER_MIDPOINT -> new int[] {first, first + 3};
      case LID_MEAN -> new int[] {first + 1, first + 2, first + 4, first + 5};
    };
    mean(landmarks, points, out, at);
  }

  /** The mean of {@code points} (indices into {@code x, y} pairs), written to {@code out[at]}, {@code out[at + 1]}. */
  public static void mean(float[] landmarks, int[] points, double[] out, int at) {
    double x = 0;
    double y = 0;
    for (int p : points) {
      x += landmarks[2 * p];
      y += landmarks[2 * p + 1];
    }
    out[at] = x / points.length;
    out[at + 1] = y / points.length;
  }

  @Override
  public String toString() {
    return "eyes " + eyes.name().toLowerCase(java.util.Locale.ROOT) + ", nose " + nose.name().toLowerCase(java.util.Locale.ROOT)
        + ", mouth " + mouth.name().toLowerCase(java.util.Locale.ROOT);
  }
}
