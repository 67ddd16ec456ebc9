package io.facespark.jobs.embed;

import io.facespark.core.pipeline.EncodedImage;
import io.facespark.jobs.spark.DaemonThreads;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Reads one input file's bytes inside a task: local files through java.nio (see
 * {@link LocalFiles}), anything else through Hadoop's FileSystem. Every failure becomes
 * {@link EncodedImage#unreadable} with a reason, never an exception: one unreadable file must not
 * fail a job of millions. Only regular files are opened, and each read has a time limit, so a
 * stalled file (a hung network mount, a pipe a file system cannot tell from a file) costs its
 * own row and the task moves on.
 */
final class FileReader {

  /**
   * Reads run on these threads so the task can stop waiting. A read stuck in the kernel cannot be
   * interrupted; its daemon thread is abandoned (it ends with the file or the JVM).
   */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(DaemonThreads.named("facespark-file-reader"));

  private final Configuration hadoop;
  private final long maxBytes;
  private final long timeoutSeconds;

  FileReader(Configuration hadoop, long maxBytes, long timeoutSeconds) {
    this.hadoop = hadoop;
    this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 8L);  // one Java array holds the file
    this.timeoutSeconds = timeoutSeconds;
  }

  /** {@code listingProblem}: why the listing already knows the file cannot be read, else null. */
  EncodedImage read(String pathString, String label, String listingProblem) {
    if (listingProblem != null) {
      return EncodedImage.unreadable(pathString, label, listingProblem);
    }
    Future<EncodedImage> reading = READERS.submit(() -> readNow(pathString, label));
    try {
      return reading.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      reading.cancel(true);
      return EncodedImage.unreadable(pathString, label, "read timed out after " + timeoutSeconds + " s: the file"
          + " stalled (a hung network mount, a pipe?); check it, or raise --read-timeout if the storage is slow");
    } catch (ExecutionException e) {
      return EncodedImage.unreadable(pathString, label, "read failed: " + e.getCause());
    } catch (InterruptedException e) {
      // The task is being killed: stop waiting and let Spark end it.
      reading.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("task interrupted while reading " + pathString, e);
    }
  }

  private EncodedImage readNow(String pathString, String label) {
    try {
      Path path = new Path(pathString);
      return LocalFiles.isLocal(path) ? readLocal(LocalFiles.toNio(path), pathString, label)
          : readHadoop(path, pathString, label);
    } catch (AccessControlException | AccessDeniedException e) {
      return EncodedImage.unreadable(pathString, label, "permission denied: " + e.getMessage()
          + "; grant the job's user read access or remove the file from the input");
    } catch (FileNotFoundException | NoSuchFileException e) {
      return EncodedImage.unreadable(pathString, label, "cannot open: " + e.getMessage()
          + " (deleted since listing, a dangling link, or no read permission)");
    } catch (IOException | RuntimeException e) {
      return EncodedImage.unreadable(pathString, label, "read failed: " + e);
    }
  }

  private EncodedImage readLocal(java.nio.file.Path file, String pathString, String label) throws IOException {
    String notRegular = LocalFiles.notRegularFile(file);
    if (notRegular != null) {
      return EncodedImage.unreadable(pathString, label, notRegular);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > maxBytes) {
        return tooLarge(pathString, label, size);
      }
      ByteBuffer bytes = ByteBuffer.allocate((int) size);
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // read until full or end of file
      }
      return complete(pathString, label, bytes.array(), bytes.position());
    }
  }

  private EncodedImage readHadoop(Path path, String pathString, String label) throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus status = fs.getFileStatus(path);
    if (status.isDirectory()) {
      return EncodedImage.unreadable(pathString, label, "is a directory, not an image file");
    }
    if (!status.isFile()) {
      return EncodedImage.unreadable(pathString, label, "not a regular file; not opened."
          + " Remove it from the input or put the image file itself there");
    }
    if (status.getLen() > maxBytes) {
      return tooLarge(pathString, label, status.getLen());
    }
    byte[] bytes = new byte[(int) status.getLen()];
    try (InputStream in = fs.open(path)) {
      return complete(pathString, label, bytes, in.readNBytes(bytes, 0, bytes.length));
    }
  }

  private EncodedImage tooLarge(String pathString, String label, long size) {
    return EncodedImage.unreadable(pathString, label, String.format(Locale.ROOT,
        "file is %.1f MB, over the %.1f MB limit (--max-file-mb); not read", size / 1e6, maxBytes / 1e6));
  }

  private static EncodedImage complete(String pathString, String label, byte[] bytes, int read) {
    if (read != bytes.length) {
      return EncodedImage.unreadable(pathString, label, "file shrank while being read (" + read
          + " of " + bytes.length + " bytes); is something still writing it?");
    }
    return EncodedImage.read(pathString, label, bytes);
  }
}
