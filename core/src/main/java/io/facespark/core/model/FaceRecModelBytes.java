package io.facespark.core.model;

import io.facespark.core.model.facerec.FaceRecEmbedder;
import io.facespark.core.model.tfjs.TfjsModelFiles;
import java.nio.file.Path;

/** The bundled face recognition net's manifest and shards (about 6.4 MB), as bytes. */
public final class FaceRecModelBytes implements ModelBytes {

  private static final long serialVersionUID = 2L;

  private final TfjsModelFiles files;

  private FaceRecModelBytes(TfjsModelFiles files) {
    this.files = files;
  }

  /** Reads the manifest and every shard it lists from a (verified) model directory. */
  public static FaceRecModelBytes read(Path modelDir) {
    return new FaceRecModelBytes(TfjsModelFiles.read(modelDir, FaceRecEmbedder.MANIFEST_FILE));
  }

  @Override
  public FaceEmbedder open() {
    return FaceRecEmbedder.fromBytes(files.manifest(), files.shards());
  }

  @Override
  public long sizeBytes() {
    return files.sizeBytes();
  }

  @Override
  public String describe() {
    return "facerec (" + files.origin() + ")";
  }
}
