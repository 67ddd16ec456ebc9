package io.facespark.core.image;

import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.InputSpec.ChannelOrder;
import io.facespark.core.pipeline.ChipExtractor;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.NativeFloats;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The crop stage for pre-aligned data: cuts a box and resizes it (bilinear, half-pixel centres,
 * like OpenCV's INTER_LINEAR) to the model's input size and channel order.
 *
 * <p>The box is a fixed fraction of the image ({@link #relative}); {@link #lfwDeepFunneled()} is
 * the one chosen on LFW View 1 {@code pairsDevTrain.txt} (the tests' {@code FaceCropSearch}
 * prints the comparison). When a detector supplies a {@link FaceLocation} with a box, that box is
 * used instead, so detection plugs in before this stage without changing it; an aligner would
 * replace this {@link ChipExtractor} with a landmark-based one.
 *
 * <p>Bilinear without prefiltering aliases when shrinking by more than ~2x (not the case for LFW's
 * 150 px boxes). Stateless and thread-safe.
 */
public final class FaceCrop implements ChipExtractor {

  /**
   * Default box for LFW deep-funneled style images, as fractions (left, top, width, height): on
   * 250x250 images a 120 px square at x=65, y=75, i.e. centred horizontally and 10 px below the
   * centre. Chosen on View 1 pairsDevTrain only (accuracy at the best threshold 98.09%; the
   * centred 150 px square scored 90.73%, the centred 110 px one 94.77%, the same box 10 px higher
   * 84.77%): the net expects dlib's tight chips, so both size and vertical position matter.
   */
  public static final RelativeBox LFW_DEEPFUNNELED = lfwBox(ChipStyle.DLIB);

  private final RelativeBox relativeBox;

  private FaceCrop(RelativeBox relativeBox) {
    this.relativeBox = relativeBox;
  }

  /** A fixed box given as fractions of the image's width and height. */
  public static FaceCrop relative(double left, double top, double width, double height) {
    return of(new RelativeBox(left, top, width, height));
  }

  public static FaceCrop of(RelativeBox box) {
    return new FaceCrop(box);
  }

  /** The default crop for LFW deep-funneled style (pre-aligned, centred) images. */
  public static FaceCrop lfwDeepFunneled() {
    return of(LFW_DEEPFUNNELED);
  }

  /**
   * The LFW deep-funneled box for a chip style ({@link ChipStyle#lfwCrop()}). ARCFACE's box, on
   * 250x250 images rows 50-184 and columns 58-192, frames the face as loosely as the arcface
   * template does (eyes at 46% of the chip height, mouth at 82%), where DLIB's is tighter.
   */
  public static RelativeBox lfwBox(ChipStyle style) {
    double[] box = style.lfwCrop();
    return new RelativeBox(box[0], box[1], box[2], box[3]);
  }

  /**
   * The pipeline entry: a decoded 8-bit BGR image, the face's location ({@link
   * FaceLocation#WHOLE_IMAGE} means "use the configured box"), the model's spec.
   */
  @Override
  public INDArray extract(Mat bgrImage, FaceLocation face, InputSpec spec) {
    if (bgrImage == null || bgrImage.empty() || bgrImage.channels() != 3 || bgrImage.depth() != opencv_core.CV_8U) {
      throw new IllegalArgumentException("expected a decoded 8-bit 3-channel BGR image, got "
          + (bgrImage == null ? "null" : bgrImage.empty() ? "an empty Mat"
          : bgrImage.channels() + " channel(s), depth " + bgrImage.depth()));
    }
    int h = bgrImage.rows();
    int w = bgrImage.cols();
    double[] box = boxFor(face, h, w);
    Region region = Region.covering(box, h, w, spec);
    float[] chw = new float[3 * region.h * region.w];
    byte[] row = new byte[region.w * 3];
    for (int y = 0; y < region.h; y++) {
      BytePointer pointer = bgrImage.ptr(region.y + y, region.x);
      pointer.get(row, 0, row.length);
      for (int x = 0; x < region.w; x++) {
        for (int c = 0; c < 3; c++) {
          chw[(c * region.h + y) * region.w + x] = row[x * 3 + c] & 0xFF;
        }
      }
    }
    return resample(chw, region, ChannelOrder.BGR, box, spec);
  }

  /** The same crop from a tensor image, {@code [1, 3, h, w]} or {@code [3, h, w]}, in {@code order}. */
  public INDArray crop(INDArray image, ChannelOrder order, InputSpec spec) {
    long[] shape = image == null ? null : image.shape();
    boolean ok = shape != null && ((shape.length == 4 && shape[0] == 1 && shape[1] == 3)
        || (shape.length == 3 && shape[0] == 3)) && shape[shape.length - 1] > 0 && shape[shape.length - 2] > 0;
    if (!ok) {
      throw new IllegalArgumentException("expected one image as [1, 3, h, w] or [3, h, w], got "
          + (shape == null ? "null" : Arrays.toString(shape)));
    }
    int h = (int) shape[shape.length - 2];
    int w = (int) shape[shape.length - 1];
    double[] box = boxFor(FaceLocation.WHOLE_IMAGE, h, w);
    float[] chw = NativeFloats.values(image.castTo(DataType.FLOAT));
    return resample(chw, new Region(0, 0, w, h), order, box, spec);
  }

  /** {x, y, w, h} in pixels: the detector's box if there is one, else the configured fractions. */
  double[] boxFor(FaceLocation face, int imageHeight, int imageWidth) {
    if (face != null && face.detected()) {
      if (!(face.w() > 0) || !(face.h() > 0)) {
        throw new IllegalArgumentException("face box has no area: " + face);
      }
      return new double[] {face.x(), face.y(), face.w(), face.h()};
    }
    return relativeBox.inPixels(imageWidth, imageHeight);
  }

  /** Bilinear resample of {@code box} (image pixels) from the region's planes to the spec. */
  private static INDArray resample(float[] chw, Region region, ChannelOrder order, double[] box, InputSpec spec) {
    int outH = spec.height();
    int outW = spec.width();
    float[] out = new float[3 * outH * outW];
    boolean swap = order != spec.channelOrder();
    double scaleX = box[2] / outW;
    double scaleY = box[3] / outH;
    for (int c = 0; c < 3; c++) {
      int plane = (swap ? 2 - c : c) * region.h * region.w;
      for (int y = 0; y < outH; y++) {
        // Source coordinates outside the image clamp to the edge pixel.
        double sy = Math.max(0, Math.min(region.h - 1, box[1] + (y + 0.5) * scaleY - 0.5 - region.y));
        int y0 = (int) sy;
        int y1 = Math.min(y0 + 1, region.h - 1);
        double fy = sy - y0;
        for (int x = 0; x < outW; x++) {
          double sx = Math.max(0, Math.min(region.w - 1, box[0] + (x + 0.5) * scaleX - 0.5 - region.x));
          int x0 = (int) sx;
          int x1 = Math.min(x0 + 1, region.w - 1);
          double fx = sx - x0;
          double upper = chw[plane + y0 * region.w + x0] * (1 - fx) + chw[plane + y0 * region.w + x1] * fx;
          double lower = chw[plane + y1 * region.w + x0] * (1 - fx) + chw[plane + y1 * region.w + x1] * fx;
          out[(c * outH + y) * outW + x] = (float) (upper * (1 - fy) + lower * fy);
        }
      }
    }
    return NativeFloats.array(out, 1, 3, outH, outW);
  }

  /** The pixels a box's samples can touch, clamped to the image (so big photos are not copied whole). */
  private record Region(int x, int y, int w, int h) {
    static Region covering(double[] box, int imageHeight, int imageWidth, InputSpec spec) {
      int x0 = clamp((int) Math.floor(box[0] - 1), imageWidth - 1);
      int y0 = clamp((int) Math.floor(box[1] - 1), imageHeight - 1);
      int x1 = clamp((int) Math.ceil(box[0] + box[2] + 1), imageWidth - 1);
      int y1 = clamp((int) Math.ceil(box[1] + box[3] + 1), imageHeight - 1);
      return new Region(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private static int clamp(int value, int max) {
      return Math.max(0, Math.min(max, value));
    }
  }

  @Override
  public String toString() {
    return "FaceCrop[" + relativeBox + "]";
  }
}
