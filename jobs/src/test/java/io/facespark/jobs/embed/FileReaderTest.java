package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.pipeline.EncodedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading single files: odd names, special files, and a read that stalls. */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileReaderTest {

  /**
   * A file system that cannot tell a named pipe from a file, as a network file system or an
   * object store may not: the local disk under another scheme, through Hadoop's own local
   * implementation, which opens whatever it is given.
   */
  public static final class OpaqueFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("opaque:///");
    }

    @Override
    public String getScheme() {
      return "opaque";
    }
  }

  @TempDir
  Path dir;

  private static FileReader reader(long timeoutSeconds) {
    Configuration conf = new Configuration();
    conf.set("fs.opaque.impl", OpaqueFileSystem.class.getName());
    conf.setBoolean("fs.opaque.impl.disable.cache", true);
    return new FileReader(conf, 1_000_000, timeoutSeconds);
  }

  @Test
  void aReadThatStallsBecomesARejectAfterTheTimeLimit() throws IOException {
    Path fifo = dir.resolve("stalled.jpg");
    OddInputTree.mkfifo(fifo);

    long start = System.nanoTime();
    EncodedImage read = reader(1).read("opaque://" + fifo, null, null);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(read.readFailure()).isEqualTo("read timed out after 1 s: the file stalled (a hung network mount,"
        + " a pipe?); check it, or raise --read-timeout if the storage is slow");
    assertThat(seconds).as("gave up at the limit, not later").isLessThan(30);
    // Open and close the pipe's other end: the abandoned reader then sees end of file and its thread ends.
    Files.newOutputStream(fifo).close();
  }

  @Test
  void aLocalPipeIsRejectedWithoutWaiting() throws IOException {
    Path fifo = dir.resolve("x.jpg");
    OddInputTree.mkfifo(fifo);

    EncodedImage read = reader(60).read("file:" + fifo, null, null);

    assertThat(read.readFailure()).startsWith("not a regular file: fifo (a named pipe); not opened");
  }

  @Test
  void namesWithColonsPercentHashAndQuestionMarksAreRead() throws IOException {
    for (String name : new String[] {"12:30:00.jpg", "100%.jpg", "#1.jpg", "why?.jpg", "a\\nb.jpg"}) {
      Path file = Files.write(dir.resolve(name), new byte[] {1, 2, 3});
      String path = LocalFiles.toHadoopString(file);

      EncodedImage read = reader(60).read(path, null, null);

      assertThat(read.readFailure()).as("%s read as %s", name, path).isNull();
      assertThat(read.bytes()).containsExactly(1, 2, 3);
    }
  }
}
