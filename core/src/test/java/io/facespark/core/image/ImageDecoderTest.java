package io.facespark.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import io.facespark.core.image.RejectedImageException.Stage;
import io.facespark.testing.OddImages;
import io.facespark.testing.TestData;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real encoded files of every kind the embed job meets, made here or taken from LFW. */
class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder();

  private static byte[] encode(Mat image, String extension) {
    try (BytePointer buffer = new BytePointer()) {
      assertThat(imencode(extension, image, buffer)).as("encode %s", extension).isTrue();
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  private static Mat solid(int rows, int cols, int type, double value) {
    return new Mat(rows, cols, type, new Scalar(value, value / 2, value / 3, 255));
  }

  private static void assertDecodesTo3ChannelBgr(byte[] data, int rows, int cols) {
    try (Mat image = new ImageDecoder().decode(data)) {
      assertThat(image.rows()).isEqualTo(rows);
      assertThat(image.cols()).isEqualTo(cols);
      assertThat(image.type()).as("8-bit, 3 channels").isEqualTo(CV_8UC3);
    }
  }

  @Test
  void realLfwJpegDecodes() throws IOException {
    byte[] data = Files.readAllBytes(TestData.lfwImage("George_W_Bush", 1));

    assertThat(decoder.checkedHeader(data)).isEqualTo(new ImageHeader("jpeg", 250, 250));
    assertDecodesTo3ChannelBgr(data, 250, 250);
  }

  @ParameterizedTest
  @ValueSource(strings = {".png", ".bmp", ".ppm", ".tiff", ".webp", ".jpg"})
  void everyCommonFormatDecodes(String extension) {
    byte[] data = encode(solid(48, 64, CV_8UC3, 200), extension);

    assertThat(decoder.checkedHeader(data).width()).as("header width of %s", extension).isEqualTo(64);
    assertDecodesTo3ChannelBgr(data, 48, 64);
  }

  @Test
  void grayscaleBecomesThreeChannels() {
    assertDecodesTo3ChannelBgr(encode(solid(40, 40, CV_8UC1, 90), ".jpg"), 40, 40);
    assertDecodesTo3ChannelBgr(encode(solid(40, 40, CV_8UC1, 90), ".pgm"), 40, 40);
  }

  @Test
  void alphaIsDroppedAndSixteenBitIsScaled() {
    assertDecodesTo3ChannelBgr(encode(solid(40, 50, CV_8UC4, 120), ".png"), 40, 50);
    assertDecodesTo3ChannelBgr(encode(solid(40, 50, CV_16UC3, 40000), ".png"), 40, 50);
  }

  @Test
  void cmykJpegDecodes() throws IOException {
    // A four-component (Adobe CMYK) JPEG, as print workflows write them.
    WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 48, 40, 4, null);
    int[] pixel = {10, 200, 30, 0};
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        raster.setPixel(x, y, pixel);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(new IIOImage(raster, null, null));
    }
    byte[] data = out.toByteArray();

    assertDecodesTo3ChannelBgr(data, 40, 48);
  }

  @Test
  void emptyFileIsRejected() {
    assertRejected(new byte[0], "empty file");
  }

  @Test
  void textFileNamedJpgIsRejected() {
    assertRejected("this is not a picture\n".getBytes(), "not an image");
  }

  @Test
  void truncatedJpegIsRejected() throws IOException {
    byte[] data = Files.readAllBytes(TestData.lfwImage("George_W_Bush", 1));

    assertRejected(Arrays.copyOf(data, data.length / 2), "truncated JPEG");
    assertRejected(Arrays.copyOf(data, 40), "JPEG");
  }

  @Test
  void truncatedPngIsRejected() {
    byte[] data = encode(solid(64, 64, CV_8UC3, 77), ".png");

    assertRejected(Arrays.copyOf(data, data.length - 20), "corrupt or truncated png");
  }

  @Test
  void tinyImageIsRejected() {
    assertRejected(encode(solid(1, 1, CV_8UC3, 10), ".png"), "image is 1x1 pixels");
  }

  @Test
  void decompressionBombIsRejectedFromTheHeaderAlone() {
    // A real 64x64 PNG whose IHDR is rewritten to claim 40000x40000: decoding it would allocate 4.8 GB.
    byte[] data = encode(solid(64, 64, CV_8UC3, 33), ".png");
    ByteBuffer.wrap(data).putInt(16, 40_000).putInt(20, 40_000);

    assertRejected(data, "40000x40000 (1600.0 megapixels), over the 64.0 megapixel limit");
  }

  @Test
  void limitsAreConfigurable() {
    byte[] data = encode(solid(100, 100, CV_8UC3, 33), ".png");

    assertThatThrownBy(() -> new ImageDecoder(5_000, 8).decode(data))
        .isInstanceOf(RejectedImageException.class).hasMessageContaining("over the 0.0 megapixel limit");
    assertThatThrownBy(() -> new ImageDecoder(1_000_000, 200).decode(data))
        .isInstanceOf(RejectedImageException.class).hasMessageContaining("at least 200x200");
  }

  @Test
  void gifDecodesToItsFirstFrameStillOrAnimated() throws IOException {
    byte[] jpeg = Files.readAllBytes(TestData.lfwImage("George_W_Bush", 1));
    java.awt.image.BufferedImage photo = OddImages.read(jpeg);

    for (int frames : new int[] {1, 3}) {
      byte[] gif = OddImages.gif(photo, frames);
      assertThat(decoder.checkedHeader(gif).format()).isEqualTo("gif");
      try (Mat image = decoder.decode(gif); Mat reference = decoder.decode(jpeg)) {
        assertThat(image.rows()).isEqualTo(250);
        assertThat(image.type()).isEqualTo(CV_8UC3);
        // First frame = the photo (256-colour palette), not the mirrored second frame.
        assertThat(meanAbsDifference(image, reference)).as("%d frame(s) vs the photo", frames).isLessThan(12);
      }
    }
  }

  @Test
  void animatedWebpIsUnsupportedNotCorrupt() {
    assertRejected(OddImages.animatedWebpHeader(300, 200), "unsupported format: animated WebP");
  }

  @Test
  void pngWithDamagedTextChunkDecodesAndCountsTheWarning() {
    byte[] png = encode(solid(64, 64, CV_8UC3, 77), ".png");
    byte[] damaged = OddImages.pngWithBadTextCrc(png);

    try (ImageDecoder.Decoded decoded = decoder.decodeWithWarnings(damaged);
         ImageDecoder.Decoded clean = decoder.decodeWithWarnings(png)) {
      assertThat(decoded.warnings()).isEqualTo(new DecoderWarnings(1, "tEXt: CRC error (chunk ignored)"));
      assertThat(clean.warnings()).isEqualTo(DecoderWarnings.NONE);
      assertThat(meanAbsDifference(decoded.image(), clean.image())).isZero();
    }
  }

  @Test
  void pngWithDamagedCriticalChunkIsRejected() {
    byte[] png = encode(solid(64, 64, CV_8UC3, 77), ".png");
    png[8 + 25 + 8 + 2] ^= 0x55;  // inside the first IDAT chunk's data (signature, IHDR, length and type before it)

    assertRejected(png, "the IDAT chunk fails its CRC check");
  }

  private static double meanAbsDifference(Mat a, Mat b) {
    byte[] x = new byte[(int) (a.total() * a.channels())];
    byte[] y = new byte[x.length];
    a.data().get(x);
    b.data().get(y);
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return sum / (double) x.length;
  }

  private void assertRejected(byte[] data, String reason) {
    assertThatThrownBy(() -> decoder.decode(data))
        .isInstanceOfSatisfying(RejectedImageException.class, e -> {
          assertThat(e.stage()).isEqualTo(Stage.DECODE);
          assertThat(e.reason()).contains(reason);
        });
  }
}
