package io.facespark.jobs.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;

/**
 * PNG thumbnails of faces, cut from the photos they were found in (each photo read once): the
 * quickstart report and the notebooks show faces this one way.
 */
public final class FaceThumbnails {

  private final int height;
  private final Map<Path, BufferedImage> photos = new HashMap<>();

  public FaceThumbnails(int height) {
    this.height = height;
  }

  /**
   * The face of a faces-table row: {@code path} as the table holds it (a file URI or a local
   * path), {@code bbox} its box struct, or null (no detection: the image is the face) for the
   * whole image.
   */
  public byte[] png(String path, Row bbox) {
    Path photo = path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
    if (bbox == null) {
      BufferedImage image = photos.computeIfAbsent(photo, FaceThumbnails::read);
      return scaled(image);
    }
    return png(photo, bbox.getFloat(0), bbox.getFloat(1), bbox.getFloat(2), bbox.getFloat(3));
  }

  /** The box, widened by 20% for context and clamped to the photo, scaled to the thumbnail height. */
  public byte[] png(Path photo, float x, float y, float w, float h) {
    BufferedImage image = photos.computeIfAbsent(photo, FaceThumbnails::read);
    int left = clamp(Math.round(x - 0.1f * w), image.getWidth() - 1);
    int top = clamp(Math.round(y - 0.1f * h), image.getHeight() - 1);
    int right = clamp(Math.round(x + 1.1f * w), image.getWidth());
    int bottom = clamp(Math.round(y + 1.1f * h), image.getHeight());
    return scaled(image.getSubimage(left, top, Math.max(1, right - left), Math.max(1, bottom - top)));
  }

  private byte[] scaled(BufferedImage face) {
    int width = Math.max(1, Math.round((float) face.getWidth() * height / face.getHeight()));
    BufferedImage thumb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(face, 0, 0, width, height, null);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(thumb, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static int clamp(int value, int max) {
    return Math.max(0, Math.min(max, value));
  }

  private static BufferedImage read(Path photo) {
    try {
      BufferedImage image = ImageIO.read(photo.toFile());
      if (image == null) {
        throw new IOException("not an image Java can read");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + photo + " for thumbnails: " + e.getMessage(), e);
    }
  }
}
