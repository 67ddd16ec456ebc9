package io.facespark.jobs.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code image_id}: a stable hash of the path, so reruns and other jobs agree on ids without a
 * lookup. 32 hex characters of SHA-256 (128 bits): collision odds stay below 1e-20 even for
 * 10^9 images, where 64 bits would already give about 3%.
 */
public final class ImageIds {

  private ImageIds() {
  }

  public static String of(String path) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
