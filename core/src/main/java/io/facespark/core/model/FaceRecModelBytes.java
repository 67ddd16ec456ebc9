package io.facespark.core.model;

import io.facespark.core.model.facerec.FaceRecEmbedder;
import io.facespark.core.model.tfjs.TfjsWeightsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bundled face recognition net's manifest and shards (about 6.4 MB), as bytes. */
public final class FaceRecModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final byte[] manifest;
  // LinkedHashMap (not Map.copyOf) so every serialiser, Kryo included, can rebuild it.
  private final LinkedHashMap<String, byte[]> shards;
  private final String origin;

  private FaceRecModelBytes(byte[] manifest, LinkedHashMap<String, byte[]> shards, String origin) {
    this.manifest = manifest;
    this.shards = shards;
    this.origin = origin;
  }

  /** Reads the manifest and every shard it lists from a (verified) model directory. */
  public static FaceRecModelBytes read(Path modelDir) {
    Path manifestFile = modelDir.resolve(FaceRecEmbedder.MANIFEST_FILE);
    byte[] manifest = readFile(manifestFile);
    LinkedHashMap<String, byte[]> shards = new LinkedHashMap<>();
    for (String shard : TfjsWeightsReader.shardPaths(manifestFile.toString(), manifest)) {
      Path file = modelDir.resolve(shard).normalize();
      if (!file.startsWith(modelDir.normalize())) {
        throw new IllegalArgumentException(manifestFile + " names a shard outside its directory: " + shard);
      }
      shards.put(shard, readFile(file));
    }
    return new FaceRecModelBytes(manifest, shards, modelDir.toString());
  }

  @Override
  public FaceEmbedder open() {
    return FaceRecEmbedder.fromBytes(manifest, Map.copyOf(shards));
  }

  @Override
  public long sizeBytes() {
    return manifest.length + shards.values().stream().mapToLong(bytes -> bytes.length).sum();
  }

  @Override
  public String describe() {
    return "facerec (" + origin + ")";
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read face model file " + file + ": " + e.getMessage()
          + ". Fix: run " + ModelCache.FETCH_COMMAND + " again.", e);
    }
  }
}
