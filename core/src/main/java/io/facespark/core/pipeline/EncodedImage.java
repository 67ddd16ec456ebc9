package io.facespark.core.pipeline;

/**
 * One input file as read: where it came from, its label if any, and its bytes, or why its bytes
 * could not be read ({@code readFailure}, which makes it a reject at stage {@code read}).
 */
public record EncodedImage(String path, String label, byte[] bytes, String readFailure) {

  public static EncodedImage read(String path, String label, byte[] bytes) {
    return new EncodedImage(path, label, bytes, null);
  }

  public static EncodedImage unreadable(String path, String label, String reason) {
    return new EncodedImage(path, label, null, reason);
  }
}
