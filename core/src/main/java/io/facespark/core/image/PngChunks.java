package io.facespark.core.image;

import io.facespark.core.image.RejectedImageException.Stage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Checks every PNG chunk's CRC before libpng sees the file. Why: libpng reports a damaged
 * ancillary chunk (tEXt, iTXt, zTXt, ...) by printing "libpng warning: tEXt: CRC error" to the
 * process's stderr, once per decode, and the image still decodes. Here such a chunk is dropped
 * (it holds metadata, never pixels) and counted as a warning, so libpng never meets it; a damaged
 * critical chunk (IHDR, PLTE, IDAT, IEND) or a file cut short makes the image a reject instead of
 * a native error message.
 */
final class PngChunks {

  private static final int SIGNATURE = 8;

  private PngChunks() {
  }

  /** The bytes to decode (the input itself when every chunk is intact) and the warnings found. */
  record Checked(byte[] data, DecoderWarnings warnings) {
  }

  static Checked check(byte[] png) {
    DecoderWarnings warnings = DecoderWarnings.NONE;
    ByteArrayOutputStream kept = null;
    int at = SIGNATURE;
    boolean ended = false;
    while (at + 12 <= png.length) {
      long length = ((png[at] & 0xFFL) << 24) | ((png[at + 1] & 0xFF) << 16) | ((png[at + 2] & 0xFF) << 8)
          | (png[at + 3] & 0xFF);
      if (length > png.length - at - 12L) {
        break;
      }
      int end = at + 12 + (int) length;
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      CRC32 crc = new CRC32();
      crc.update(png, at + 4, 4 + (int) length);
      long stored = ((png[end - 4] & 0xFFL) << 24) | ((png[end - 3] & 0xFF) << 16) | ((png[end - 2] & 0xFF) << 8)
          | (png[end - 1] & 0xFF);
      boolean intact = crc.getValue() == stored;
      boolean ancillary = (png[at + 4] & 0x20) != 0;
      if (!intact && !ancillary) {
        throw new RejectedImageException(Stage.DECODE, "corrupt png: the " + type
            + " chunk fails its CRC check (damaged file; re-export or re-copy it)");
      }
      if (!intact) {
        warnings = warnings.plus(type + ": CRC error (chunk ignored)");
        if (kept == null) {
          kept = new ByteArrayOutputStream(png.length);
          kept.write(png, 0, at);
        }
      } else if (kept != null) {
        kept.write(png, at, end - at);
      }
      at = end;
      if (type.equals("IEND")) {
        ended = true;
        break;
      }
    }
    if (!ended) {
      // libpng would print "PNG input buffer is incomplete" to stderr before failing.
      throw new RejectedImageException(Stage.DECODE, "corrupt or truncated png: the file ends before its IEND"
          + " chunk (incomplete download or copy?)");
    }
    if (kept == null) {
      return new Checked(png, warnings);
    }
    kept.write(png, at, png.length - at);
    return new Checked(kept.toByteArray(), warnings);
  }
}
