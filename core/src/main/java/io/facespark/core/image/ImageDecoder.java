package io.facespark.core.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.facespark.core.image.RejectedImageException.Stage;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encoded bytes to an 8-bit, 3-channel BGR OpenCV image, or a {@link RejectedImageException}
 * saying why not. Grayscale is expanded to three channels, alpha dropped, 16-bit scaled to 8-bit,
 * CMYK converted (OpenCV's {@code IMREAD_COLOR}). The header is checked before anything is
 * allocated: oversized claims and non-images never reach the decoder.
 */
public final class ImageDecoder {

  /** 64 megapixels: far above any camera face photo, far below what would exhaust an executor. */
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;
  /** Below this a face crop is mostly interpolation. */
  public static final int DEFAULT_MIN_SIDE = 32;

  /** What to do about a damaged file. */
  private static final String RECOPY = "; re-copy it from its source or re-export it";

  private final long maxPixels;
  private final int minSide;

  public ImageDecoder(long maxPixels, int minSide) {
    if (maxPixels <= 0 || minSide <= 0) {
      throw new IllegalArgumentException("max pixels and min side must be positive, got "
          + maxPixels + " and " + minSide);
    }
    this.maxPixels = maxPixels;
    this.minSide = minSide;
  }

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS, DEFAULT_MIN_SIDE);
  }

  /** An image and what its decoder had to say about it; closing it closes the image. */
  public record Decoded(Mat image, DecoderWarnings warnings) implements AutoCloseable {
    @Override
    public void close() {
      image.close();
    }
  }

  /** Decodes; the caller owns (and must close) the returned Mat. */
  public Mat decode(byte[] data) {
    return decodeWithWarnings(data).image();
  }

  /**
   * Decodes, keeping the warnings a native decoder would otherwise print to stderr (see
   * {@link PngChunks}); the caller owns (and must close) the result.
   */
  public Decoded decodeWithWarnings(byte[] data) {
    ImageHeader header = checkedHeader(data);
    DecoderWarnings warnings = DecoderWarnings.NONE;
    Mat image;
    switch (header.format()) {
      case "gif" -> image = GifFirstFrame.decode(data);
      case "webp" -> {
        if (animatedWebp(data)) {
          throw new RejectedImageException(Stage.DECODE, "unsupported format: animated WebP (the decoder reads"
              + " still WebP only); convert its first frame to PNG or JPEG");
        }
        image = openCv(data);
      }
      case "png" -> {
        PngChunks.Checked checked = PngChunks.check(data);
        warnings = checked.warnings();
        image = openCv(checked.data());
      }
      default -> image = openCv(data);
    }
    if (image == null || image.empty()) {
      if (image != null) {
        image.close();
      }
      throw new RejectedImageException(Stage.DECODE, "corrupt or truncated " + header.format()
          + " (" + header.width() + "x" + header.height() + "): the decoder could not read its pixels" + RECOPY);
    }
    return new Decoded(image, warnings);
  }

  private static Mat openCv(byte[] data) {
    Mat encoded = new Mat(new BytePointer(data));
    try {
      return imdecode(encoded, IMREAD_COLOR);
    } finally {
      encoded.close();
    }
  }

  /** An extended WebP (VP8X) whose flags byte has the animation bit. */
  private static boolean animatedWebp(byte[] data) {
    return data.length > 20 && new String(data, 12, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("VP8X")
        && (data[20] & 0x02) != 0;
  }

  /** The header, if it describes an image this decoder will accept. */
  public ImageHeader checkedHeader(byte[] data) {
    ImageHeader header;
    try {
      header = ImageHeader.read(data);
    } catch (IllegalArgumentException e) {
      String advice = e.getMessage().startsWith("not an image")
          ? "; only JPEG, PNG, GIF, BMP, WebP, TIFF and PNM images are read: convert it or remove it from the input"
          : RECOPY;
      throw new RejectedImageException(Stage.DECODE, e.getMessage() + advice);
    }
    if (header.width() <= 0 || header.height() <= 0) {
      throw new RejectedImageException(Stage.DECODE, "corrupt " + header.format() + ": header claims "
          + header.width() + "x" + header.height() + " pixels" + RECOPY);
    }
    if (header.pixels() > maxPixels) {
      throw new RejectedImageException(Stage.DECODE, String.format(Locale.ROOT,
          "%s header claims %dx%d (%.1f megapixels), over the %.1f megapixel limit; not decoded"
              + " (raise --max-pixels if the image is genuine)",
          header.format(), header.width(), header.height(), header.pixels() / 1e6, maxPixels / 1e6));
    }
    if (header.width() < minSide || header.height() < minSide) {
      throw new RejectedImageException(Stage.DECODE, String.format(Locale.ROOT,
          "image is %dx%d pixels; at least %dx%d are needed to hold a face (--min-image-size)",
          header.width(), header.height(), minSide, minSide));
    }
    if (header.format().equals("jpeg") && !hasEndOfImage(data)) {
      // libjpeg pads a truncated file with grey and only warns: catch it here instead.
      throw new RejectedImageException(Stage.DECODE, "truncated JPEG: the end-of-image marker is missing"
          + " (incomplete download or copy?)" + RECOPY);
    }
    return header;
  }

  private static boolean hasEndOfImage(byte[] data) {
    // EOI may be followed by padding or trailer bytes, so look near the end rather than at it.
    int from = Math.max(2, data.length - 4096);
    for (int i = data.length - 2; i >= from; i--) {
      if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }
}
