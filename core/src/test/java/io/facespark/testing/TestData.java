package io.facespark.testing;

import io.facespark.core.model.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where tests find real data. LFW comes from {@code ../shared/data/lfw} next to the checkout (the
 * build passes it as {@code facespark.lfw.dir}), or from {@code FACESPARK_LFW}. A test that needs
 * data the machine lacks fails here with the fix, never skips.
 */
public final class TestData {

  public static final String LFW_PROPERTY = "facespark.lfw.dir";
  public static final String LFW_ENV = "FACESPARK_LFW";

  private TestData() {
  }

  /** The LFW root: {@code lfw-deepfunneled/}, {@code pairs.txt} and the other protocol files. */
  public static Path lfwDir() {
    String configured = System.getenv(LFW_ENV);
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty(LFW_PROPERTY);
    }
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException("LFW location unknown: run the tests through Maven (it sets -D"
          + LFW_PROPERTY + ") or set " + LFW_ENV + " to the folder holding lfw-deepfunneled/ and pairs.txt");
    }
    Path dir = Paths.get(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("lfw-deepfunneled")) || !Files.isRegularFile(dir.resolve("pairs.txt"))) {
      throw new IllegalStateException("LFW not found at " + dir + " (expected lfw-deepfunneled/ and pairs.txt)."
          + " Fix: point " + LFW_ENV + " at an LFW deep-funneled copy; README.md says how to download it.");
    }
    return dir;
  }

  /** One LFW image by person and 1-based number, as the protocol files name them. */
  public static Path lfwImage(String person, int number) {
    Path image = lfwDir().resolve("lfw-deepfunneled").resolve(person)
        .resolve(String.format("%s_%04d.jpg", person, number));
    if (!Files.isRegularFile(image)) {
      throw new IllegalStateException("LFW image missing: " + image);
    }
    return image;
  }

  /** The verified model cache, or a failure that says to run {@code bin/fetch-models}. */
  public static ModelCache models() {
    ModelCache cache = ModelCache.locate();
    cache.requireVerifiedModelDir();
    return cache;
  }
}
