package io.facespark.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Valid but unusual encodings of a real photo, as cameras, phones and web tools write them:
 * animated GIFs, PNGs with a damaged metadata chunk. Made with the JDK's own encoders.
 */
public final class OddImages {

  private OddImages() {
  }

  public static BufferedImage read(byte[] encoded) {
    try {
      return ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GIF of {@code frames} frames: the photo, then the photo mirrored (an animation, 0.1 s per frame). */
  public static byte[] gif(BufferedImage photo, int frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < frames; i++) {
        BufferedImage frame = i % 2 == 0 ? photo : mirrored(photo);
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(metadata.getNativeMetadataFormatName());
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "10");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        metadata.setFromTree(metadata.getNativeMetadataFormatName(), root);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The PNG with a tEXt chunk after IHDR whose CRC is wrong: libpng warns "tEXt: CRC error". */
  public static byte[] pngWithBadTextCrc(byte[] png) {
    return withChunkAfterIhdr(png, "tEXt", "Comment\0edited on a phone".getBytes(StandardCharsets.ISO_8859_1), true);
  }

  /** The PNG with an extra chunk after IHDR; {@code damaged}: its CRC is off by one. */
  public static byte[] withChunkAfterIhdr(byte[] png, String type, byte[] data, boolean damaged) {
    int afterIhdr = 8 + 12 + 13;
    CRC32 crc = new CRC32();
    crc.update(type.getBytes(StandardCharsets.ISO_8859_1));
    crc.update(data);
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data)
        .putInt((int) crc.getValue() + (damaged ? 1 : 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.write(chunk.array(), 0, chunk.capacity());
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /** The header of an animated WebP (VP8X with the animation flag, then an ANIM chunk). */
  public static byte[] animatedWebpHeader(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(30 + 14).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x02).put(new byte[3]);
    putUint24(b, width - 1);
    putUint24(b, height - 1);
    b.put("ANIM".getBytes(StandardCharsets.US_ASCII)).putInt(6).putInt(0).putShort((short) 0);
    return b.array();
  }

  private static void putUint24(ByteBuffer b, int value) {
    b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }

  private static BufferedImage mirrored(BufferedImage photo) {
    BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < photo.getHeight(); y++) {
      for (int x = 0; x < photo.getWidth(); x++) {
        out.setRGB(photo.getWidth() - 1 - x, y, photo.getRGB(x, y));
      }
    }
    return out;
  }
}
