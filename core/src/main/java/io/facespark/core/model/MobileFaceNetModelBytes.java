package io.facespark.core.model;

import io.facespark.core.model.mobilefacenet.MobileFaceNetEmbedder;
import io.facespark.core.model.tfjs.TfjsGraphModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** MobileFaceNet's {@code model.json} and weight shard (about 5.3 MB) as bytes, from the verified cache. */
public final class MobileFaceNetModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final byte[] modelJson;
  // LinkedHashMap (not Map.copyOf) so every serialiser, Kryo included, can rebuild it.
  private final LinkedHashMap<String, byte[]> shards;
  private final String origin;

  private MobileFaceNetModelBytes(byte[] modelJson, LinkedHashMap<String, byte[]> shards, String origin) {
    this.modelJson = modelJson;
    this.shards = shards;
    this.origin = origin;
  }

  /** Reads {@code models/mobilefacenet.json} and its shards from the verified human-models directory. */
  public static MobileFaceNetModelBytes read(Path packageDir) {
    Path json = packageDir.resolve(MobileFaceNetEmbedder.MODEL_FILE);
    byte[] model = readFile(json);
    LinkedHashMap<String, byte[]> shards = new LinkedHashMap<>();
    for (String shard : TfjsGraphModel.shardPaths(json.toString(), model)) {
      shards.put(shard, readFile(json.getParent().resolve(shard)));
    }
    return new MobileFaceNetModelBytes(model, shards, json.toString());
  }

  public byte[] modelJson() {
    return modelJson.clone();
  }

  public Map<String, byte[]> shards() {
    return Map.copyOf(shards);
  }

  @Override
  public FaceEmbedder open() {
    return MobileFaceNetEmbedder.repaired(modelJson, shards);
  }

  @Override
  public long sizeBytes() {
    return modelJson.length + shards.values().stream().mapToLong(b -> b.length).sum();
  }

  @Override
  public String describe() {
    return "mobilefacenet (" + origin + ")";
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage()
          + ". Fix: run " + ModelCache.FETCH_COMMAND + " again.", e);
    }
  }
}
