package io.facespark.core.model;

import java.io.Serializable;
import java.util.Locale;

/**
 * Optional test-time augmentation around any embedder, as written in {@code --tta}: {@code none},
 * {@code flip} ({@link FlipAveragingEmbedder}) or {@code jitter:N} ({@link JitterAveragingEmbedder}).
 */
public final class TestTimeAugmentation implements Serializable {

  private static final long serialVersionUID = 1L;

  private enum Kind { NONE, FLIP, JITTER }

  /** Embed each crop as it is. */
  public static final TestTimeAugmentation NONE = new TestTimeAugmentation(Kind.NONE, 1);
  /** Average the embeddings of the crop and its mirror; 2x compute. */
  public static final TestTimeAugmentation FLIP = new TestTimeAugmentation(Kind.FLIP, 2);

  /** Upper bound on jitter copies: each costs one full embedding. */
  public static final int MAX_JITTERS = 100;

  private final Kind kind;
  private final int copies;

  private TestTimeAugmentation(Kind kind, int copies) {
    this.kind = kind;
    this.copies = copies;
  }

  /** Average {@code copies} seeded random jitters of each crop; {@code copies} x compute. */
  public static TestTimeAugmentation jitter(int copies) {
    if (copies < 1 || copies > MAX_JITTERS) {
      throw new IllegalArgumentException("jitter:" + copies + " needs between 1 and " + MAX_JITTERS + " copies");
    }
    return new TestTimeAugmentation(Kind.JITTER, copies);
  }

  public static TestTimeAugmentation parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return NONE;
    }
    if (t.equals("flip")) {
      return FLIP;
    }
    if (t.startsWith("jitter:")) {
      try {
        return jitter(Integer.parseInt(t.substring("jitter:".length())));
      } catch (IllegalArgumentException e) {
        // not a number, or out of range: the one message below says both
      }
    }
    throw new IllegalArgumentException("unknown test-time augmentation \"" + text + "\": use none or flip, or jitter:N"
        + " for N seeded random jitters (1 to " + MAX_JITTERS + ")");
  }

  public FaceEmbedder apply(FaceEmbedder embedder) {
    return switch (kind) {
      case NONE -> embedder;
      case FLIP -> new FlipAveragingEmbedder(embedder);
      case JITTER -> new JitterAveragingEmbedder(embedder, copies);
    };
  }

  /** Model calls per crop. */
  public int copies() {
    return copies;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestTimeAugmentation other && kind == other.kind && copies == other.copies;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + copies;
  }

  /** As the enum this class replaced printed it: {@code NONE}, {@code FLIP}, {@code JITTER:N}. */
  @Override
  public String toString() {
    return kind == Kind.JITTER ? kind.name() + ":" + copies : kind.name();
  }
}
