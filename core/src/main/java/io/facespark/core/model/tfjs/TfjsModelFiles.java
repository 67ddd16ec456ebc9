package io.facespark.core.model.tfjs;

import io.facespark.core.model.ModelCache;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One TF.js model's manifest and shards as bytes: what the driver reads from the model cache and
 * broadcasts, so executors need no cache of their own.
 */
public final class TfjsModelFiles implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String manifestName;
  private final byte[] manifest;
  // LinkedHashMap (not Map.copyOf) so every serialiser, Kryo included, can rebuild it.
  private final LinkedHashMap<String, byte[]> shards;
  private final String origin;

  private TfjsModelFiles(String manifestName, byte[] manifest, LinkedHashMap<String, byte[]> shards, String origin) {
    this.manifestName = manifestName;
    this.manifest = manifest;
    this.shards = shards;
    this.origin = origin;
  }

  /** Reads {@code manifestName} and every shard it lists from a (verified) model directory. */
  public static TfjsModelFiles read(Path modelDir, String manifestName) {
    return read(modelDir, manifestName, TfjsWeightsReader::shardPaths);
  }

  /** Reads a graph model's {@code model.json} (the "manifest" here) and every shard its weightsManifest lists. */
  public static TfjsModelFiles readGraphModel(Path modelDir, String modelJsonName) {
    return read(modelDir, modelJsonName, TfjsGraphModel::shardPaths);
  }

  private static TfjsModelFiles read(Path modelDir, String manifestName,
                                     BiFunction<String, byte[], List<String>> shardLister) {
    Path manifestFile = modelDir.resolve(manifestName);
    byte[] manifest = readFile(manifestFile);
    LinkedHashMap<String, byte[]> shards = new LinkedHashMap<>();
    // Shard paths are relative to the manifest's own directory.
    Path dir = manifestFile.normalize().getParent();
    for (String shard : shardLister.apply(manifestFile.toString(), manifest)) {
      Path file = dir.resolve(shard).normalize();
      if (!file.startsWith(dir)) {
        throw new IllegalArgumentException(manifestFile + " names a shard outside its directory: " + shard);
      }
      shards.put(shard, readFile(file));
    }
    return new TfjsModelFiles(manifestName, manifest, shards, modelDir.toString());
  }

  public byte[] manifest() {
    return manifest;
  }

  public Map<String, byte[]> shards() {
    return Map.copyOf(shards);
  }

  /** Parses the weights (dequantising as the manifest says). */
  public TfjsWeights weights() {
    return TfjsWeightsReader.read(origin + "/" + manifestName, manifest, shards());
  }

  public long sizeBytes() {
    return manifest.length + shards.values().stream().mapToLong(bytes -> bytes.length).sum();
  }

  public String origin() {
    return origin;
  }

  /** A model file's bytes, or a failure naming it and the fix. */
  static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage()
          + ". Fix: run " + ModelCache.FETCH_COMMAND + " again.", e);
    }
  }
}
