package io.facespark.jobs.embed;

import io.facespark.testing.OddImages;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A tree of odd but real inputs made from one LFW photo, each case in a folder of its own (so a
 * test can take one case or the whole tree): named pipes, sockets and devices among the images,
 * directory links that form a cycle, dangling links, names with every character a file system
 * allows, animated GIFs, a PNG with a damaged metadata chunk, plus the earlier bad-input zoo
 * ({@link BadInputFiles}). Each name maps to what the embed job must make of it.
 */
final class OddInputTree {

  /** What the job must make of one name: a face, or a reject at {@code stage} whose reason contains {@code reason}. */
  record Outcome(String stage, String reason) {
    static final Outcome FACE = new Outcome(null, null);

    boolean face() {
      return stage == null;
    }
  }

  /** The cases, one folder each. */
  static final List<String> CASES = List.of("zoo", "special", "cycle", "dangling", "names", "formats", "noisy-png");

  /** Names (relative to the tree) and outcomes; also what {@link #skippedLinks} counts. */
  record Tree(Path root, Map<String, Outcome> expected, int skippedLinks) {

    long faces() {
      return expected.values().stream().filter(Outcome::face).count();
    }

    long rejectsAt(String stage) {
      return expected.values().stream().filter(o -> stage.equals(o.stage())).count();
    }
  }

  private OddInputTree() {
  }

  static Tree writeAll(Path root) throws IOException {
    return write(root, CASES);
  }

  /** Writes the given cases under {@code root}, each in its own folder named after the case. */
  static Tree write(Path root, List<String> cases) throws IOException {
    byte[] jpeg = Files.readAllBytes(TestData.lfwImage("Colin_Powell", 1));
    Map<String, Outcome> expected = new LinkedHashMap<>();
    int skippedLinks = 0;
    for (String name : cases) {
      Path dir = Files.createDirectories(root.resolve(name));
      switch (name) {
        case "zoo" -> BadInputFiles.write(dir).forEach((file, outcome) -> expected.put("zoo/" + file,
            outcome.equals(BadInputFiles.FACE) ? Outcome.FACE : new Outcome("decode", outcome)));
        case "special" -> {
          put(root, "special/photo.jpg", jpeg, expected);
          mkfifo(dir.resolve("x.jpg"));
          expected.put("special/x.jpg", new Outcome("read", "not a regular file: fifo"));
          try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(dir.resolve("socket.jpg")));
          }
          expected.put("special/socket.jpg", new Outcome("read", "not a regular file: socket"));
          Files.createSymbolicLink(dir.resolve("device.jpg"), Path.of("/dev/null"));
          expected.put("special/device.jpg", new Outcome("read", "not a regular file: character device"));
        }
        case "cycle" -> {
          // 2 people x 2 photos, and a link in each person's folder back to the case folder.
          for (String person : List.of("Ann", "Bob")) {
            for (int i = 1; i <= 2; i++) {
              put(root, "cycle/" + person + "/" + person + "_" + i + ".jpg", jpeg, expected);
            }
            Files.createSymbolicLink(dir.resolve(person).resolve("back-to-top"), Path.of(".."));
            skippedLinks++;
          }
          Files.createSymbolicLink(dir.resolve("Ann-again"), Path.of("Ann"));
          skippedLinks++;
        }
        case "dangling" -> {
          put(root, "dangling/photo.jpg", jpeg, expected);
          Files.createSymbolicLink(dir.resolve("moved-away.jpg"), Path.of("no-such-photo.jpg"));
          expected.put("dangling/moved-away.jpg", new Outcome("read", "dangling symbolic link"));
          Files.createSymbolicLink(dir.resolve("link-to-photo.jpg"), Path.of("photo.jpg"));
          expected.put("dangling/link-to-photo.jpg", Outcome.FACE);
        }
        case "names" -> {
          for (String odd : List.of("12:30:00.jpg", "100% sure.jpg", "#1 photo.jpg", "who?.jpg", "two\nlines.jpg",
              "a".repeat(251) + ".jpg", "  leading spaces.jpg", "[brackets]{braces}.jpg")) {
            put(root, "names/" + odd, jpeg, expected);
          }
        }
        case "formats" -> {
          java.awt.image.BufferedImage photo = OddImages.read(jpeg);
          put(root, "formats/animated.gif", OddImages.gif(photo, 3), expected);
          put(root, "formats/still.gif", OddImages.gif(photo, 1), expected);
          Files.write(dir.resolve("animated.webp"), OddImages.animatedWebpHeader(250, 250));
          expected.put("formats/animated.webp", new Outcome("decode", "unsupported format: animated WebP"));
        }
        case "noisy-png" -> put(root, "noisy-png/comment.png", OddImages.pngWithBadTextCrc(png(jpeg)), expected);
        default -> throw new IllegalArgumentException("no case " + name);
      }
    }
    return new Tree(root, expected, skippedLinks);
  }

  private static void put(Path root, String name, byte[] bytes, Map<String, Outcome> expected) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    expected.put(name, Outcome.FACE);
  }

  static void mkfifo(Path path) throws IOException {
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
        throw new IOException("mkfifo " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
  private static byte[] png(byte[] jpeg) {
    return BadInputFiles.encode(org.bytedeco.opencv.global.opencv_imgcodecs.imdecode(new Mat(new BytePointer(jpeg)),
        org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR), ".png");
  }
}
