package io.facespark.jobs.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.hadoop.fs.Path;

/**
 * Local files ({@code file:} URIs) through java.nio rather than Hadoop's local FileSystem.
 *
 * <p>Why: Hadoop's local FileSystem wraps every file in a checksum layer that builds a sibling
 * {@code .<name>.crc} path by parsing the name, so a name with a colon ({@code 12:30:00.jpg})
 * fails with "Relative path in absolute URI" before a byte is read; and its file status cannot
 * tell a regular file from a named pipe, socket or device, which it then opens and blocks on.
 * java.nio takes any name the file system allows and says what kind of file a name is. Other
 * file systems (hdfs://, s3a://, ...) stay on Hadoop's API.
 */
final class LocalFiles {

  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private LocalFiles() {
  }

  /** Rows and manifests hold qualified paths, so a local file always has the {@code file} scheme. */
  static boolean isLocal(Path path) {
    return "file".equals(path.toUri().getScheme());
  }

  static java.nio.file.Path toNio(Path path) {
    return Paths.get(path.toUri().getPath());
  }

  /** The qualified {@code file:/...} string the tables hold; any legal name survives the round trip. */
  static String toHadoopString(java.nio.file.Path path) {
    return new Path(path.toAbsolutePath().toUri()).toString();
  }

  /**
   * Null when {@code file} is (or links to) a regular file; otherwise a reject reason that says
   * what it is and what to do. Nothing is opened: opening a named pipe waits for a writer.
   */
  static String notRegularFile(java.nio.file.Path file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        return "dangling symbolic link: it points to " + Files.readSymbolicLink(file)
            + ", which does not exist; fix the link or remove it";
      }
      return "file does not exist (deleted since it was listed, or a manifest row naming a missing file);"
          + " fix the path or remove it from the input";
    }
    if (attributes.isRegularFile()) {
      return null;
    }
    if (attributes.isDirectory()) {
      return "is a directory, not an image file; give the directory itself as --input to read the images in it";
    }
    return "not a regular file: " + kind(file) + "; not opened (reading it could wait forever)."
        + " Remove it from the input or put the image file itself there";
  }

  private static String kind(java.nio.file.Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode") & TYPE_MASK;
      return switch (mode) {
        case FIFO -> "fifo (a named pipe)";
        case SOCKET -> "socket";
        case CHARACTER_DEVICE -> "character device";
        case BLOCK_DEVICE -> "block device";
        default -> "special file (mode " + Integer.toOctalString(mode) + ")";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "special file";
    }
  }

  /** The target's identity (device and inode on Unix), to see the same directory under two names. */
  static Object identity(java.nio.file.Path directory, BasicFileAttributes attributes) throws IOException {
    Object key = attributes.fileKey();
    return key != null ? key : directory.toRealPath().toString();
  }
}
