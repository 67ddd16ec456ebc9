package io.facespark.jobs.embed;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.facespark.testing.TestData;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes the embed job's bad-input zoo as real files made from a real LFW face: each entry maps a
 * file name to what the job must make of it, {@code "face"} or the reject reason it must give.
 */
final class BadInputFiles {

  static final String FACE = "face";

  private BadInputFiles() {
  }

  static Map<String, String> write(Path dir) throws IOException {
    byte[] jpeg = Files.readAllBytes(TestData.lfwImage("Colin_Powell", 1));
    Mat face = imdecode(new Mat(new BytePointer(jpeg)), IMREAD_UNCHANGED);
    Map<String, String> expected = new LinkedHashMap<>();

    put(dir, "plain/Colin_Powell_0001.jpg", jpeg, expected, FACE);
    put(dir, "plain/copy with spaces and ü ñ 日本.jpg", jpeg, expected, FACE);
    put(dir, "zero-byte.jpg", new byte[0], expected, "empty file");
    put(dir, "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), expected, "truncated JPEG");
    put(dir, "notes.jpg", "shopping list: eggs, milk\n".getBytes(), expected, "not an image");
    Mat alpha = new Mat();
    cvtColor(face, alpha, COLOR_BGR2BGRA);
    put(dir, "alpha.png", encode(alpha, ".png"), expected, FACE);
    Mat deep = new Mat();
    face.convertTo(deep, CV_16UC3, 257, 0);
    put(dir, "sixteen-bit.png", encode(deep, ".png"), expected, FACE);
    Mat gray = new Mat();
    cvtColor(face, gray, COLOR_BGR2GRAY);
    put(dir, "grayscale.jpg", encode(gray, ".jpg"), expected, FACE);
    put(dir, "cmyk.jpg", cmykJpeg(250, 250), expected, FACE);
    put(dir, "one-pixel.png", encode(new Mat(1, 1, CV_8UC3), ".png"), expected, "image is 1x1 pixels");
    byte[] bomb = encode(new Mat(64, 64, CV_8UC1), ".png");
    ByteBuffer.wrap(bomb).putInt(16, 40_000).putInt(20, 40_000);
    put(dir, "bomb.png", bomb, expected, "40000x40000");
    Files.createDirectories(dir.resolve("nested/empty/dir"));
    assert alpha.type() == CV_8UC4;
    return expected;
  }

  private static void put(Path dir, String name, byte[] bytes, Map<String, String> expected, String outcome)
      throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    expected.put(name, outcome);
  }

  static byte[] encode(Mat image, String extension) {
    try (BytePointer buffer = new BytePointer()) {
      if (!imencode(extension, image, buffer)) {
        throw new IllegalStateException("could not encode " + extension);
      }
      byte[] bytes = new byte[(int) buffer.limit()];
      buffer.get(bytes);
      return bytes;
    }
  }

  /** A four-component (Adobe CMYK) JPEG, as print workflows write them. */
  private static byte[] cmykJpeg(int width, int height) throws IOException {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {(x * 7) % 255, (y * 5) % 255, 60, 0});
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(new IIOImage(raster, null, null));
    }
    return out.toByteArray();
  }
}
