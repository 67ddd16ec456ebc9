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
    // The region's rows in one native copy each (no pointer object per row), left interleaved.
    byte[] bgr = new byte[region.h * region.w * 3];
    BytePointer data = bgrImage.data();
    long step = bgrImage.step();
    for (int y = 0; y < region.h; y++) {
      data.position((region.y + y) * step + region.x * 3L).get(bgr, y * region.w * 3, region.w * 3);
    }
    return resample(Pixels.of(bgr, 1, region.w * 3, 3), region, ChannelOrder.BGR, box, spec);
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
    return resample(Pixels.of(chw, h * w, w, 1), new Region(0, 0, w, h), order, box, spec);
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

  /**
   * A region's values, planar or interleaved: channel c, row y, column x is at c*channel + y*row +
   * x*column. A decoded image's 8-bit values are read as they are (one of {@code bytes} and
   * {@code floats} is null): converting them to floats first took about a third of the crop's time.
   */
  private record Pixels(byte[] bytes, float[] floats, int channel, int row, int column) {
    static Pixels of(byte[] bytes, int channel, int row, int column) {
      return new Pixels(bytes, null, channel, row, column);
    }

    static Pixels of(float[] floats, int channel, int row, int column) {
      return new Pixels(null, floats, channel, row, column);
    }
  }

  /** Bilinear resample of {@code box} (image pixels) from the region's pixels to the spec. */
  private static INDArray resample(Pixels pixels, Region region, ChannelOrder order, double[] box, InputSpec spec) {
    int outH = spec.height();
    int outW = spec.width();
    float[] out = new float[3 * outH * outW];
    // Source coordinates outside the image clamp to the edge pixel. They depend on x or y alone,
    // so they are worked out once per column and once per row, not once per output value.
    Taps columns = Taps.of(box[0], region.x, box[2] / outW, outW, region.w);
    Taps rows = Taps.of(box[1], region.y, box[3] / outH, outH, region.h);
    BlendedRows blended = new BlendedRows(pixels, columns, region.w, order != spec.channelOrder());
    for (int y = 0; y < outH; y++) {
      double[] upper = blended.row(rows.low[y]);
      double[] lower = blended.row(rows.high[y]);
      double fy = rows.weight[y];
      double gy = 1 - fy;
      for (int c = 0; c < 3; c++) {
        int from = c * outW;
        int to = (c * outH + y) * outW;
        for (int x = 0; x < outW; x++) {
          out[to + x] = (float) (upper[from + x] * gy + lower[from + x] * fy);
        }
      }
    }
    return NativeFloats.array(out, 1, 3, outH, outW);
  }

  /**
   * Source rows blended at every column tap. Why a two-row cache keyed by parity: output rows read
   * source rows in rising order, two adjacent ones at a time, so a row is blended once however
   * many output rows read it, and nothing is allocated per row. Each source row is widened to
   * doubles once before the taps gather from it, which about halved the blend's time in a probe
   * (the crop is the largest Java cost of an embed task). The arithmetic is unchanged, so every
   * chip is bit for bit what it was.
   */
  private static final class BlendedRows {
    private final Pixels pixels;
    private final int[] low;
    private final int[] high;
    private final double[] weight;
    private final double[] keep;
    private final int[] channelOffset = new int[3];
    private final double[] source;
    private final double[][] rows;
    private final int[] rowIndex = {-1, -1};

    BlendedRows(Pixels pixels, Taps columns, int sourceWidth, boolean swapChannels) {
      int width = columns.low.length;
      this.pixels = pixels;
      low = columns.low;
      high = columns.high;
      weight = columns.weight;
      keep = new double[width];
      for (int x = 0; x < width; x++) {
        keep[x] = 1 - weight[x];
      }
      for (int c = 0; c < 3; c++) {
        channelOffset[c] = (swapChannels ? 2 - c : c) * pixels.channel;
      }
      source = new double[sourceWidth];
      rows = new double[2][3 * width];
    }

    /** Source row {@code y} blended horizontally: channel c's value at column x is at c*width + x. */
    double[] row(int y) {
      int slot = y & 1;
      double[] row = rows[slot];
      if (rowIndex[slot] == y) {
        return row;
      }
      int width = weight.length;
      for (int c = 0; c < 3; c++) {
        widen(channelOffset[c] + y * pixels.row);
        int at = c * width;
        for (int x = 0; x < width; x++) {
          row[at + x] = source[low[x]] * keep[x] + source[high[x]] * weight[x];
        }
      }
      rowIndex[slot] = y;
      return row;
    }

    /** One channel of one source row, from {@code start}, into {@link #source} (exact: 8-bit and float values fit). */
    private void widen(int start) {
      int step = pixels.column;
      if (pixels.bytes != null) {
        for (int x = 0; x < source.length; x++) {
          source[x] = pixels.bytes[start + x * step] & 0xFF;
        }
      } else {
        for (int x = 0; x < source.length; x++) {
          source[x] = pixels.floats[start + x * step];
        }
      }
    }
  }

  /** Along one axis: each output sample's two source indices and the weight of the second. */
  private record Taps(int[] low, int[] high, double[] weight) {
    /** Samples at half-pixel centres of a box starting at {@code start}, in a region starting at {@code offset}. */
    static Taps of(double start, int offset, double scale, int samples, int size) {
      Taps taps = new Taps(new int[samples], new int[samples], new double[samples]);
      for (int i = 0; i < samples; i++) {
        double s = Math.max(0, Math.min(size - 1, start + (i + 0.5) * scale - 0.5 - offset));
        taps.low[i] = (int) s;
        taps.high[i] = Math.min(taps.low[i] + 1, size - 1);
        taps.weight[i] = s - taps.low[i];
      }
      return taps;
    }
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
