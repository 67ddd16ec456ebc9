package io.facespark.core.model;

import io.facespark.core.model.dl4j.Dl4jModelBytes;
import io.facespark.core.model.dl4j.VggFaceModelBytes;
import io.facespark.core.train.HeadModelBytes;

/**
 * The one place that turns a {@link ModelSpec} into an embedder. Every job goes through it, so
 * {@code --model} means the same everywhere. The model's files are read exactly once, here, into
 * an {@link EmbedderSource}; the driver and every executor open embedders from those bytes, so all
 * of them run the same weights and report the same {@code modelVersion()}.
 */
public final class FaceEmbedders {

  private FaceEmbedders() {
  }

  /** Reads the model's files (the bundled net from the verified model cache this machine uses). */
  public static EmbedderSource source(ModelSpec spec, TestTimeAugmentation augmentation) {
    return source(spec, augmentation, ModelCache.locate());
  }

  /** As {@link #source(ModelSpec, TestTimeAugmentation)}, with an explicit cache (e.g. {@code --cache-dir}). */
  public static EmbedderSource source(ModelSpec spec, TestTimeAugmentation augmentation, ModelCache cache) {
    if (spec.kind() == ModelSpec.Kind.FUSION) {
      // Each member augments its own chip; the fused embedding is then made from the members' results.
      return new EmbedderSource(new FusedModelBytes(spec.members().stream()
          .map(member -> source(member, augmentation, cache)).toList()), TestTimeAugmentation.NONE);
    }
    ModelBytes bytes = switch (spec.kind()) {
      case FACEREC -> FaceRecModelBytes.read(cache.requireVerifiedModelDir());
      case MOBILEFACENET -> MobileFaceNetModelBytes.read(cache.requireVerified(ModelPackage.HUMAN_MODELS));
      case VGGFACE -> VggFaceModelBytes.read(spec.file(), spec.vggFaceLayer());
      case DL4J -> Dl4jModelBytes.read(spec.file());
      case FUSION -> throw new IllegalStateException("handled above");
    };
    return new EmbedderSource(spec.head() == null ? bytes : HeadModelBytes.read(bytes, spec.head()), augmentation);
  }

  /** Reads and opens in one step, for single-JVM use (tests, tools, the driver's own checks). */
  public static FaceEmbedder open(ModelSpec spec, TestTimeAugmentation augmentation) {
    return source(spec, augmentation).open();
  }
}
