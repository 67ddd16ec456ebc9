package io.facespark.core.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The first frame of a GIF, animated or not, as an 8-bit BGR Mat. Why not OpenCV: the 4.5.5 build
 * has no GIF codec; the JDK's GIF reader does, and a still photo is what users expect of an
 * animation. Transparent pixels become black.
 */
final class GifFirstFrame {

  private GifFirstFrame() {
  }

  /** Null when the JDK cannot read a frame from these bytes. */
  static Mat decode(byte[] gif) {
    BufferedImage frame;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
      if (in == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        frame = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    BufferedImage bgr = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D graphics = bgr.createGraphics();
    try {
      graphics.drawImage(frame, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    Mat image = new Mat(bgr.getHeight(), bgr.getWidth(), CV_8UC3);
    try (BytePointer target = new BytePointer(image.data())) {
      target.capacity(pixels.length).put(pixels);
    }
    return image;
  }
}
