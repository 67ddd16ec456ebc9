package io.facespark.core.model.dl4j;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelBytes;
import io.facespark.core.platform.OneDnnConvolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.api.Model;

/**
 * Any DL4J ComputationGraph or MultiLayerNetwork zip plus its {@link Dl4jSidecar}. Both are
 * checked when read, so a missing or wrong sidecar fails on the driver, before any Spark stage.
 *
 * <p>Version: {@code <name>-<layer>-<8 hex>}, the hash over the weights, the configuration and
 * every sidecar setting that changes the output (layer, input size and order, normalisation).
 */
public final class Dl4jModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final Dl4jZip zip;
  private final Dl4jSidecar sidecar;
  private final String sidecarOrigin;

  public Dl4jModelBytes(Dl4jZip zip, Dl4jSidecar sidecar, String sidecarOrigin) {
    this.zip = zip;
    this.sidecar = sidecar;
    this.sidecarOrigin = sidecarOrigin;
  }

  /** Reads {@code zipFile} and the sidecar next to it ({@link Dl4jSidecar#pathFor}). */
  public static Dl4jModelBytes read(Path zipFile) {
    Path sidecarFile = Dl4jSidecar.pathFor(zipFile);
    if (!Files.isRegularFile(sidecarFile)) {
      throw new IllegalArgumentException("no sidecar for DL4J model " + zipFile + ": expected " + sidecarFile
          + ". Fix: create it, e.g. " + Dl4jSidecar.example());
    }
    byte[] json;
    try {
      json = Files.readAllBytes(sidecarFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model sidecar " + sidecarFile + ": " + e.getMessage(), e);
    }
    // The small sidecar first: a typo there should not cost reading a large zip.
    Dl4jSidecar sidecar = Dl4jSidecar.parse(json, sidecarFile.toString());
    return new Dl4jModelBytes(Dl4jZip.read(zipFile), sidecar, sidecarFile.toString());
  }

  @Override
  public FaceEmbedder open() {
    OneDnnConvolution.enable();
    Model network = zip.restore();
    try {
      LayerTap tap = sidecar.tapFor(network, zip.origin(), sidecarOrigin);
      return new Dl4jModelEmbedder(tap, sidecar.inputSpec(), sidecar.normalisation(), sidecar.name(),
          version(), zip.origin());
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  String version() {
    String layer = sidecar.embeddingLayer().replaceAll("[^A-Za-z0-9._]", "_");
    String hash = sha256Hex(zip.weightsSha256() + "\n" + sidecar.canonical()).substring(0, 8);
    return sidecar.name() + "-" + (layer.matches("\\d+") ? "layer" + layer : layer) + "-" + hash;
  }

  @Override
  public long sizeBytes() {
    return zip.sizeBytes();
  }

  @Override
  public String describe() {
    return "dl4j:" + zip.origin() + " (sidecar " + sidecarOrigin + ")";
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
