package io.facespark.core.model;

import java.util.Locale;

/** Optional test-time augmentation around any embedder, as written in {@code --tta}. */
public enum TestTimeAugmentation {
  /** Embed each crop as it is. */
  NONE,
  /** Average the embeddings of the crop and its mirror ({@link FlipAveragingEmbedder}); 2x compute. */
  FLIP;

  public static TestTimeAugmentation parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown test-time augmentation \"" + text + "\": use none or flip", e);
    }
  }

  public FaceEmbedder apply(FaceEmbedder embedder) {
    return this == FLIP ? new FlipAveragingEmbedder(embedder) : embedder;
  }
}
