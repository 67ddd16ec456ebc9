package io.facespark.core.image;

import java.nio.charset.StandardCharsets;

/**
 * Format and pixel size of an encoded image, read from its header alone.
 *
 * <p>Why: a decoder allocates {@code width x height x channels} bytes before it reads a pixel, so a
 * 60-byte file that claims 40000x40000 would cost 4.8 GB. Reading the header first lets the
 * pipeline reject such a file (and anything that is not an image) without allocating.
 * Formats: JPEG, PNG, GIF, BMP, WebP, TIFF and PGM/PPM/PBM.
 */
public record ImageHeader(String format, int width, int height) {

  /** Parses the header, or throws {@link IllegalArgumentException} saying why it is not an image. */
  public static ImageHeader read(byte[] data) {
    if (data.length == 0) {
      throw new IllegalArgumentException("empty file (0 bytes)");
    }
    if (startsWith(data, 0xFF, 0xD8)) {
      return jpeg(data);
    }
    if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      need(data, 24, "PNG");
      return new ImageHeader("png", int32be(data, 16), int32be(data, 20));
    }
    if (startsWith(data, 'G', 'I', 'F', '8')) {
      need(data, 10, "GIF");
      return new ImageHeader("gif", uint16le(data, 6), uint16le(data, 8));
    }
    if (startsWith(data, 'B', 'M')) {
      need(data, 26, "BMP");
      return new ImageHeader("bmp", Math.abs(int32le(data, 18)), Math.abs(int32le(data, 22)));
    }
    if (startsWith(data, 'R', 'I', 'F', 'F') && data.length >= 12
        && new String(data, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return webp(data);
    }
    if (startsWith(data, 'I', 'I', 42, 0) || startsWith(data, 'M', 'M', 0, 42)) {
      return tiff(data);
    }
    if (data.length >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6') {
      return pnm(data);
    }
    throw new IllegalArgumentException("not an image: unknown format (first bytes "
        + hex(data, Math.min(8, data.length)) + ")");
  }

  public long pixels() {
    return (long) width * height;
  }

  private static ImageHeader jpeg(byte[] d) {
    int i = 2;
    while (i + 9 < d.length) {
      if ((d[i] & 0xFF) != 0xFF) {
        i++;
        continue;
      }
      int marker = d[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      boolean standalone = marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
      if (standalone) {
        i += 2;
        continue;
      }
      int length = uint16be(d, i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        return new ImageHeader("jpeg", uint16be(d, i + 7), uint16be(d, i + 5));
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("truncated or corrupt JPEG: no frame header (SOF) found");
  }

  private static ImageHeader webp(byte[] d) {
    need(d, 30, "WebP");
    String chunk = new String(d, 12, 4, StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 ":
        return new ImageHeader("webp", uint16le(d, 26) & 0x3FFF, uint16le(d, 28) & 0x3FFF);
      case "VP8L": {
        int bits = int32le(d, 21);
        return new ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
      }
      case "VP8X":
        return new ImageHeader("webp", uint24le(d, 24) + 1, uint24le(d, 27) + 1);
      default:
        throw new IllegalArgumentException("corrupt WebP: unknown chunk '" + chunk + "'");
    }
  }

  private static ImageHeader tiff(byte[] d) {
    boolean little = d[0] == 'I';
    need(d, 8, "TIFF");
    int ifd = little ? int32le(d, 4) : int32be(d, 4);
    if (ifd < 8 || ifd + 2 > d.length) {
      throw new IllegalArgumentException("truncated TIFF: first directory at " + ifd + " is past the end");
    }
    int entries = little ? uint16le(d, ifd) : uint16be(d, ifd);
    int width = -1;
    int height = -1;
    for (int e = 0; e < entries; e++) {
      int at = ifd + 2 + 12 * e;
      if (at + 12 > d.length) {
        break;
      }
      int tag = little ? uint16le(d, at) : uint16be(d, at);
      int type = little ? uint16le(d, at + 2) : uint16be(d, at + 2);
      int value = type == 3
          ? (little ? uint16le(d, at + 8) : uint16be(d, at + 8))
          : (little ? int32le(d, at + 8) : int32be(d, at + 8));
      if (tag == 256) {
        width = value;
      } else if (tag == 257) {
        height = value;
      }
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("corrupt TIFF: no width/height tags in the first directory");
    }
    return new ImageHeader("tiff", width, height);
  }

  private static ImageHeader pnm(byte[] d) {
    // "P5 <w> <h> ...", whitespace-separated, '#' comments to end of line.
    int[] numbers = new int[2];
    int found = 0;
    int i = 2;
    while (found < 2 && i < d.length) {
      char c = (char) (d[i] & 0xFF);
      if (c == '#') {
        while (i < d.length && d[i] != '\n') {
          i++;
        }
      } else if (Character.isDigit(c)) {
        long n = 0;
        while (i < d.length && Character.isDigit((char) d[i])) {
          n = Math.min(Integer.MAX_VALUE, n * 10 + (d[i] - '0'));
          i++;
        }
        numbers[found++] = (int) n;
        continue;
      } else if (!Character.isWhitespace(c)) {
        break;
      }
      i++;
    }
    if (found < 2) {
      throw new IllegalArgumentException("truncated or corrupt PNM: no width and height in the header");
    }
    return new ImageHeader("pnm", numbers[0], numbers[1]);
  }

  private static boolean startsWith(byte[] d, int... magic) {
    if (d.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((d[i] & 0xFF) != (magic[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static void need(byte[] d, int bytes, String format) {
    if (d.length < bytes) {
      throw new IllegalArgumentException("truncated " + format + ": " + d.length + " bytes, header needs " + bytes);
    }
  }

  private static int uint16be(byte[] d, int i) {
    return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
  }

  private static int uint16le(byte[] d, int i) {
    return (d[i] & 0xFF) | ((d[i + 1] & 0xFF) << 8);
  }

  private static int uint24le(byte[] d, int i) {
    return (d[i] & 0xFF) | ((d[i + 1] & 0xFF) << 8) | ((d[i + 2] & 0xFF) << 16);
  }

  private static int int32be(byte[] d, int i) {
    return (uint16be(d, i) << 16) | uint16be(d, i + 2);
  }

  private static int int32le(byte[] d, int i) {
    return uint16le(d, i) | (uint16le(d, i + 2) << 16);
  }

  private static String hex(byte[] d, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", d[i] & 0xFF));
    }
    return s.toString();
  }
}
