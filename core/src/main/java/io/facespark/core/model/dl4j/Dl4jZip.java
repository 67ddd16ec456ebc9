package io.facespark.core.model.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The raw bytes of a DL4J model zip (what {@code ModelSerializer} / {@code save(File)} write),
 * checked and fingerprinted once where they are read, then carried as they are (e.g. in a Spark
 * broadcast) and restored into a network wherever an embedder is needed.
 *
 * <p>Checks up front, so a bad file fails on the driver with its name rather than deep inside
 * DL4J on an executor: the zip is complete (its end-of-central-directory record is present, so a
 * truncated copy is caught even when every local entry before the cut still inflates), it holds
 * {@code configuration.json} and {@code coefficients.bin}, and the configuration says whether it is
 * a ComputationGraph or a MultiLayerNetwork.
 *
 * <p>The fingerprint is SHA-256 over the two entries' uncompressed bytes, not over the zip file:
 * zip entry timestamps change each time the same weights are saved, and the version must not.
 */
public final class Dl4jZip implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Which DL4J network class the zip holds. */
  public enum NetworkKind { GRAPH, MULTI_LAYER }

  // End of central directory: signature PK\5\6, at least 22 bytes, at most 22 + 65535 comment.
  private static final int EOCD_SIGNATURE = 0x06054b50;
  private static final int EOCD_MIN = 22;
  private static final int EOCD_MAX_SEARCH = EOCD_MIN + 0xFFFF;

  private final byte[] bytes;
  private final String origin;
  private final NetworkKind kind;
  private final String weightsSha256;

  private Dl4jZip(byte[] bytes, String origin, NetworkKind kind, String weightsSha256) {
    this.bytes = bytes;
    this.origin = origin;
    this.kind = kind;
    this.weightsSha256 = weightsSha256;
  }

  /** Reads and checks a zip from a local file; the only read of that file. */
  public static Dl4jZip read(Path file) {
    byte[] bytes;
    try {
      // Java arrays stop just short of 2 GiB; DL4J zips that large are not supported here.
      if (Files.size(file) > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("DL4J model zip " + file + " is " + Files.size(file)
            + " bytes; models over 2 GB are not supported (the bytes are held in one array to broadcast).");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DL4J model zip " + file + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      throw new IllegalStateException("DL4J model zip " + file + " does not fit in the heap."
          + " Fix: give the driver more memory (--driver-memory).", e);
    }
    return of(bytes, file.toString());
  }

  /**
   * Checks bytes that claim to be a DL4J model zip. {@code origin} names them in messages (a path,
   * or what they were copied from).
   */
  public static Dl4jZip of(byte[] bytes, String origin) {
    requireCompleteZip(bytes, origin);
    MessageDigest digest = sha256();
    byte[] configuration = null;
    boolean coefficients = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().equals(ModelSerializer.CONFIGURATION_JSON)) {
          configuration = zip.readAllBytes();
        } else if (entry.getName().equals(ModelSerializer.COEFFICIENTS_BIN)) {
          // Streamed into the digest: VGG16's weights are ~550 MB, no second copy on the heap.
          zip.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
          coefficients = true;
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("DL4J model zip " + origin + " is corrupt (" + e.getMessage()
          + "). Fix: copy or download it again; DL4J writes it with ModelSerializer.writeModel"
          + " or network.save(file).", e);
    }
    if (configuration == null || !coefficients) {
      throw new IllegalArgumentException("DL4J model zip " + origin + " has no "
          + (configuration == null ? ModelSerializer.CONFIGURATION_JSON : ModelSerializer.COEFFICIENTS_BIN)
          + ": it is not a model saved by DL4J's ModelSerializer (or it was saved without weights)."
          + " Fix: save the network with network.save(file) or ModelSerializer.writeModel.");
    }
    digest.update(configuration);
    NetworkKind kind = kindOf(configuration, origin);
    return new Dl4jZip(bytes, origin, kind, HexFormat.of().formatHex(digest.digest()));
  }

  public NetworkKind kind() {
    return kind;
  }

  public String origin() {
    return origin;
  }

  public long sizeBytes() {
    return bytes.length;
  }

  /** SHA-256 (hex) of the weights and configuration, independent of zip timestamps. */
  public String weightsSha256() {
    return weightsSha256;
  }

  /** Builds the network (a ComputationGraph or a MultiLayerNetwork, per {@link #kind()}). */
  public Model restore() {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return kind == NetworkKind.GRAPH
          ? ModelSerializer.restoreComputationGraph(in, false)
          : ModelSerializer.restoreMultiLayerNetwork(in, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("DL4J could not restore the " + kind + " in " + origin + ": "
          + e.getMessage() + ". Fix: check that the zip was saved by a compatible DL4J version"
          + " (1.0.0-beta or later).", e);
    }
  }

  private static void requireCompleteZip(byte[] bytes, String origin) {
    int lowest = Math.max(0, bytes.length - EOCD_MAX_SEARCH);
    for (int i = bytes.length - EOCD_MIN; i >= lowest; i--) {
      if (littleEndianInt(bytes, i) == EOCD_SIGNATURE) {
        return;
      }
    }
    throw new IllegalArgumentException("DL4J model zip " + origin + " is truncated or not a zip ("
        + bytes.length + " bytes, no end-of-central-directory record)."
        + " Fix: copy or download it again and compare its size with the original.");
  }

  private static int littleEndianInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
        | (bytes[at + 3] & 0xFF) << 24;
  }

  private static NetworkKind kindOf(byte[] configuration, String origin) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(configuration);
    } catch (IOException e) {
      throw new IllegalArgumentException("DL4J model zip " + origin + " has an unreadable "
          + ModelSerializer.CONFIGURATION_JSON + ": " + e.getMessage(), e);
    }
    // ComputationGraphConfiguration serialises its vertices; MultiLayerConfiguration its confs.
    if (json != null && json.has("vertices")) {
      return NetworkKind.GRAPH;
    }
    if (json != null && json.has("confs")) {
      return NetworkKind.MULTI_LAYER;
    }
    throw new IllegalArgumentException("DL4J model zip " + origin + ": " + ModelSerializer.CONFIGURATION_JSON
        + " is neither a ComputationGraph nor a MultiLayerNetwork configuration.");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
