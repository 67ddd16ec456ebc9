package io.facespark.jobs.embed;

import io.facespark.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies a deterministic slice of real LFW (people in name order, first images each) for a test. */
public final class LfwSubset {

  private LfwSubset() {
  }

  /** Returns the number of images copied into {@code target/<person>/}. */
  public static int copy(Path target, int people, int imagesPerPerson) throws IOException {
    Path lfw = TestData.lfwDir().resolve("lfw-deepfunneled");
    List<Path> persons;
    try (Stream<Path> dirs = Files.list(lfw)) {
      persons = dirs.filter(Files::isDirectory).sorted().filter(LfwSubset::hasAtLeastTwo).limit(people).toList();
    }
    int copied = 0;
    for (Path person : persons) {
      Path dir = Files.createDirectories(target.resolve(person.getFileName().toString()));
      try (Stream<Path> images = Files.list(person)) {
        for (Path image : images.sorted().limit(imagesPerPerson).toList()) {
          Files.copy(image, dir.resolve(image.getFileName().toString()));
          copied++;
        }
      }
    }
    return copied;
  }

  private static boolean hasAtLeastTwo(Path person) {
    try (Stream<Path> images = Files.list(person)) {
      return images.limit(2).count() == 2;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
