package io.facespark.jobs.embed;

import io.facespark.core.pipeline.EncodedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Reads one input file's bytes inside a task, through Hadoop's FileSystem (any URI Spark can
 * list). Every failure becomes {@link EncodedImage#unreadable} with a reason, never an exception:
 * one unreadable file must not fail a job of millions.
 */
final class FileReader {

  private final Configuration hadoop;
  private final long maxBytes;

  FileReader(Configuration hadoop, long maxBytes) {
    this.hadoop = hadoop;
    this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 8L);  // one Java array holds the file
  }

  EncodedImage read(String pathString, String label) {
    Path path = new Path(pathString);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(path);
      if (status.isDirectory()) {
        return EncodedImage.unreadable(pathString, label, "is a directory, not an image file");
      }
      if (status.getLen() > maxBytes) {
        return EncodedImage.unreadable(pathString, label, String.format(Locale.ROOT,
            "file is %.1f MB, over the %.1f MB limit (--max-file-mb); not read", status.getLen() / 1e6, maxBytes / 1e6));
      }
      byte[] bytes = new byte[(int) status.getLen()];
      try (InputStream in = fs.open(path)) {
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length) {
          return EncodedImage.unreadable(pathString, label, "file shrank while being read (" + read
              + " of " + bytes.length + " bytes); is something still writing it?");
        }
      }
      return EncodedImage.read(pathString, label, bytes);
    } catch (AccessControlException e) {
      return EncodedImage.unreadable(pathString, label, "permission denied: " + e.getMessage());
    } catch (FileNotFoundException e) {
      return EncodedImage.unreadable(pathString, label, "cannot open: " + e.getMessage()
          + " (deleted since listing, a dangling link, or no read permission)");
    } catch (IOException | RuntimeException e) {
      return EncodedImage.unreadable(pathString, label, "read failed: " + e);
    }
  }
}
