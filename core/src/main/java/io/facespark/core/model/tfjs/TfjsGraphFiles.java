package io.facespark.core.model.tfjs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TF.js graph model's {@code model.json} and weight shards as bytes: read once (on the driver,
 * from the verified cache), broadcast, parsed where the net is built ({@link TfjsGraphModel#read}).
 */
public final class TfjsGraphFiles implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final byte[] modelJson;
  // LinkedHashMap (not Map.copyOf) so every serialiser, Kryo included, can rebuild it.
  private final LinkedHashMap<String, byte[]> shards;

  private TfjsGraphFiles(String source, byte[] modelJson, LinkedHashMap<String, byte[]> shards) {
    this.source = source;
    this.modelJson = modelJson;
    this.shards = shards;
  }

  /** Reads {@code json} and the shards its manifest names (next to it). */
  public static TfjsGraphFiles read(Path json) {
    byte[] model = TfjsModelFiles.readFile(json);
    LinkedHashMap<String, byte[]> shards = new LinkedHashMap<>();
    for (String shard : TfjsGraphModel.shardPaths(json.toString(), model)) {
      shards.put(shard, TfjsModelFiles.readFile(json.getParent().resolve(shard)));
    }
    return new TfjsGraphFiles(json.toString(), model, shards);
  }

  public TfjsGraphModel model() {
    return TfjsGraphModel.read(source, modelJson, shards);
  }

  public Map<String, byte[]> shards() {
    return Map.copyOf(shards);
  }

  public long sizeBytes() {
    return modelJson.length + shards.values().stream().mapToLong(b -> b.length).sum();
  }

}
