package io.facespark.core.model.dl4j;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelBytes;
import java.nio.file.Path;

/** The VGGFace zip's bytes and the chosen layer. */
public final class VggFaceModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  private final Dl4jZip zip;
  private final VggFaceLayer layer;

  public VggFaceModelBytes(Dl4jZip zip, VggFaceLayer layer) {
    this.zip = zip;
    this.layer = layer;
  }

  public static VggFaceModelBytes read(Path zipFile, VggFaceLayer layer) {
    return new VggFaceModelBytes(Dl4jZip.read(zipFile), layer);
  }

  @Override
  public FaceEmbedder open() {
    return VggFaceEmbedder.open(zip, layer);
  }

  @Override
  public long sizeBytes() {
    return zip.sizeBytes();
  }

  @Override
  public String describe() {
    return "vggface:" + zip.origin() + "#" + layer.label();
  }
}
