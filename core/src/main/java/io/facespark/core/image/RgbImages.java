package io.facespark.core.image;

import io.facespark.core.platform.NativeFloats;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pure-Java image to tensor: {@code [1, 3, h, w]} float, RGB, 0..255, read straight from the
 * decoded raster's samples (no colour management, no resampling), so a lossless PNG comes back
 * bit-exact. Used for the golden fixtures; the jobs decode with {@link ImageDecoder}.
 */
public final class RgbImages {

  private RgbImages() {
  }

  public static INDArray read(Path file) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode image " + file, e);
    }
    if (image == null) {
      throw new IllegalArgumentException("not a decodable image: " + file);
    }
    return toTensor(image, file.toString());
  }

  static INDArray toTensor(BufferedImage image, String source) {
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    if (bands != 3 && bands != 4) {
      throw new IllegalArgumentException(source + ": expected an RGB image, got " + bands + " band(s)");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    float[] chw = new float[3 * h * w];
    int[] pixel = new int[bands];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.getPixel(x, y, pixel);
        for (int c = 0; c < 3; c++) {
          chw[(c * h + y) * w + x] = pixel[c];
        }
      }
    }
    return NativeFloats.array(chw, 1, 3, h, w);
  }
}
