package io.facespark.core.model;

import io.facespark.core.model.mobilefacenet.MobileFaceNetEmbedder;
import io.facespark.core.model.tfjs.TfjsModelFiles;
import java.nio.file.Path;
import java.util.Map;

/** MobileFaceNet's {@code model.json} and weight shard (about 5.3 MB) as bytes, from the verified cache. */
public final class MobileFaceNetModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final TfjsModelFiles files;

  private MobileFaceNetModelBytes(TfjsModelFiles files) {
    this.files = files;
  }

  /** Reads {@code models/mobilefacenet.json} and its shards from the verified human-models directory. */
  public static MobileFaceNetModelBytes read(Path packageDir) {
    return new MobileFaceNetModelBytes(TfjsModelFiles.readGraphModel(packageDir, MobileFaceNetEmbedder.MODEL_FILE));
  }

  public byte[] modelJson() {
    return files.manifest();
  }

  public Map<String, byte[]> shards() {
    return files.shards();
  }

  @Override
  public FaceEmbedder open() {
    return MobileFaceNetEmbedder.repaired(files.manifest(), files.shards());
  }

  @Override
  public long sizeBytes() {
    return files.sizeBytes();
  }

  @Override
  public String describe() {
    return "mobilefacenet (" + files.origin() + ")";
  }
}
