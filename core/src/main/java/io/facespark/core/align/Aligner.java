package io.facespark.core.align;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.ChipExtractor;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.NativeFloats;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The align stage: a similarity transform (least squares, no reflection) from five points of the
 * face's 68 landmarks (eye centres, nose tip, mouth corners), or the five points themselves when a
 * landmarker gave only those ({@link #FIVE_POINTS}: arcface chips only), to the template of the chip style the
 * model declares ({@link InputSpec#chip()}: dlib's, or insightface's arcface; see
 * {@link ChipTemplate}), then a bilinear warp (OpenCV {@code warpAffine}, INTER_LINEAR, black
 * outside the image) to the model's input size. Output like {@code FaceCrop}: {@code [1, 3, h, w]}
 * float, 0..255, in the spec's channel order.
 *
 * <p>The landmarks come with the {@link FaceLocation} (see {@code LandmarkedFaceLocator}); a
 * location without them is a wiring error and fails.
 *
 * <p>Bilinear sampling aliases when it shrinks by more than 2x (big faces in big photos), so then
 * the chip's footprint in the image is first shrunk with INTER_AREA (box filter) to twice the
 * chip's scale, and the warp composed with that resize; dlib's extract_image_chip uses an image
 * pyramid for the same reason. Stateless and thread-safe.
 */
public final class Aligner implements ChipExtractor {

  private final double padding;
  private final FivePointRecipe arcfacePoints;

  public Aligner(double padding) {
    this(padding, ARCFACE_POINTS);
  }

  /** An aligner reading the arcface chip's five points off the landmarks with {@code arcfacePoints}. */
  public Aligner(double padding, FivePointRecipe arcfacePoints) {
    if (!(padding > -0.5) || !Double.isFinite(padding)) {
      throw new IllegalArgumentException("padding must be > -0.5, got " + padding);
    }
    this.padding = padding;
    this.arcfacePoints = java.util.Objects.requireNonNull(arcfacePoints, "arcfacePoints");
  }

  /** The standard aligner: dlib-style chips with dlib's padding 0.25, arcface chips as insightface cuts them. */
  public static Aligner dlib() {
    return new Aligner(ChipTemplate.DLIB_PADDING);
  }

  /** The image-to-chip transform for this face and a dlib-style chip of this size. */
  public SimilarityTransform transform(FaceLocation face, int width, int height) {
    return transform(face, new InputSpec(height, width, InputSpec.ChannelOrder.RGB));
  }

  /** The image-to-chip transform for this face and the chip {@code spec} declares. */
  public SimilarityTransform transform(FaceLocation face, InputSpec spec) {
    if (face == null || face.landmarks() == null) {
      throw new IllegalArgumentException("the aligner needs landmarks, got " + face
          + " (wrap the detector in a LandmarkedFaceLocator)");
    }
    if (spec.chip() == ChipStyle.DLIB && face.landmarks().length == FIVE_POINTS) {
      throw new IllegalArgumentException("a dlib-style chip is cut from the 68 landmarks, but " + face
          + " carries only the five arcface points (--landmarks mesh): use --landmarks 68 or an arcface-chip model");
    }
    return switch (spec.chip()) {
      case DLIB -> SimilarityTransform.fit(ChipTemplate.fromLandmarks68(face.landmarks()),
          ChipTemplate.points(spec.width(), spec.height(), padding));
      case ARCFACE -> SimilarityTransform.fit(
          face.landmarks().length == FIVE_POINTS ? toDoubles(face.landmarks()) : arcfacePoints.from(face.landmarks()),
          ChipTemplate.arcface(spec.width(), spec.height()));
    };
  }

  /**
   * Landmarks of this many values are the five arcface points themselves (eyes, nose tip, mouth
   * corners, as a landmarker that finds them directly gives them, e.g. FaceMesh's), not 68 points.
   */
  public static final int FIVE_POINTS = 10;

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** The five points the arcface chip is fitted to from 68 landmarks (see the class comment of {@link FivePointRecipe}). */
  static final FivePointRecipe ARCFACE_POINTS = FivePointRecipe.DLIB;

  @Override
  public INDArray extract(Mat bgrImage, FaceLocation face, InputSpec spec) {
    if (bgrImage == null || bgrImage.empty() || bgrImage.channels() != 3 || bgrImage.depth() != opencv_core.CV_8U) {
      throw new IllegalArgumentException("expected a decoded 8-bit 3-channel BGR image");
    }
    return chip(bgrImage, transform(face, spec), spec.width(), spec.height(),
        spec.channelOrder() == InputSpec.ChannelOrder.RGB);
  }

  /**
   * The {@code w x h} chip that {@code toChip} (image pixel indices to chip pixel indices) cuts out
   * of a BGR image, anti-aliased as the class comment says: {@code [1, 3, h, w]} float, 0..255, RGB
   * or BGR. For any stage that needs a warped crop (the FaceMesh landmarker's input, say).
   */
  public static INDArray chip(Mat bgrImage, SimilarityTransform toChip, int w, int h, boolean rgb) {
    byte[] pixels = warp(bgrImage, toChip, w, h);
    float[] chw = new float[3 * w * h];
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        chw[c * plane + i] = pixels[i * 3 + (rgb ? 2 - c : c)] & 0xFF;
      }
    }
    return NativeFloats.array(chw, 1, 3, h, w);
  }

  /** The chip's pixels, BGR interleaved. */
  private static byte[] warp(Mat image, SimilarityTransform toChip, int w, int h) {
    double[] affine = toChip.toAffineRows();
    Mat source = image;
    Rect footprint = null;
    if (toChip.scale() < 0.5) {
      footprint = footprint(toChip.inverse(), w, h, image.cols(), image.rows());
    }
    if (footprint != null) {
      // Shrink the footprint so that the warp is left with a 2x reduction at most.
      double factor = 2 * toChip.scale();
      int smallW = Math.max(1, (int) Math.round(footprint.width() * factor));
      int smallH = Math.max(1, (int) Math.round(footprint.height() * factor));
      double fx = (double) smallW / footprint.width();
      double fy = (double) smallH / footprint.height();
      try (Mat region = image.apply(footprint); Size smallSize = new Size(smallW, smallH)) {
        source = new Mat();
        resize(region, source, smallSize, 0, 0, INTER_AREA);
      }
      // INTER_AREA keeps pixel centres aligned: image p = (q + 0.5) / f - 0.5 + origin.
      double cx = 0.5 / fx - 0.5 + footprint.x();
      double cy = 0.5 / fy - 0.5 + footprint.y();
      affine = new double[] {
          affine[0] / fx, affine[1] / fy, affine[0] * cx + affine[1] * cy + affine[2],
          affine[3] / fx, affine[4] / fy, affine[3] * cx + affine[4] * cy + affine[5]};
      footprint.close();
    }
    byte[] pixels = new byte[w * h * 3];
    try (Mat matrix = new Mat(2, 3, opencv_core.CV_64F);
         Mat chip = new Mat();
         Size size = new Size(w, h);
         Scalar black = new Scalar(0.0)) {
      try (DoublePointer data = new DoublePointer(matrix.data())) {
        data.put(affine);
      }
      warpAffine(source, chip, matrix, size, INTER_LINEAR, opencv_core.BORDER_CONSTANT, black);
      for (int y = 0; y < h; y++) {
        BytePointer row = chip.ptr(y);
        row.get(pixels, y * w * 3, w * 3);
      }
    } finally {
      if (source != image) {
        source.close();
      }
    }
    return pixels;
  }

  /** The image pixels the chip samples (its corners mapped back, plus a margin), or null if none. */
  private static Rect footprint(SimilarityTransform toImage, int w, int h, int imageW, int imageH) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (double[] corner : new double[][] {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}}) {
      double[] p = toImage.apply(corner[0], corner[1]);
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1]);
    }
    int x0 = (int) Math.max(0, Math.floor(minX) - 2);
    int y0 = (int) Math.max(0, Math.floor(minY) - 2);
    int x1 = (int) Math.min(imageW, Math.ceil(maxX) + 3);
    int y1 = (int) Math.min(imageH, Math.ceil(maxY) + 3);
    return x1 - x0 < 2 || y1 - y0 < 2 ? null : new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  @Override
  public String toString() {
    return "Aligner[padding=" + padding + ", arcface points: " + arcfacePoints + "]";
  }
}
