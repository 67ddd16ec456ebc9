package io.facespark.core.train;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelBytes;
import java.nio.file.Path;

/** A base model's bytes plus a head directory's two files: rebuilds a {@link HeadEmbedder} anywhere. */
public final class HeadModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final ModelBytes base;
  private final byte[] network;
  private final byte[] info;
  private final String directory;

  private HeadModelBytes(ModelBytes base, byte[] network, byte[] info, String directory) {
    this.base = base;
    this.network = network;
    this.info = info;
    this.directory = directory;
  }

  /** Reads the head directory and checks it loads, so a bad head fails on the driver. */
  public static HeadModelBytes read(ModelBytes base, Path dir) {
    EmbeddingHead head = EmbeddingHead.load(dir);
    return new HeadModelBytes(base, head.networkBytes(), head.infoBytes(), dir.toString());
  }

  @Override
  public FaceEmbedder open() {
    FaceEmbedder embedder = base.open();
    try {
      return new HeadEmbedder(embedder, EmbeddingHead.fromBytes(network, info));
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  @Override
  public long sizeBytes() {
    return base.sizeBytes() + network.length + info.length;
  }

  @Override
  public String describe() {
    return base.describe() + "+head:" + directory;
  }
}
