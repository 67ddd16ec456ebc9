package io.facespark.jobs.watchlist;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a probe is ranked against. */
public enum GalleryMode {
  /** Every gallery face is its own candidate. */
  IMAGE("image"),
  /** One candidate per identity, scored by its best-matching image (several photos per person). */
  IDENTITY_MAX("identity-max"),
  /** One candidate per identity: the renormalised mean of its images' embeddings. */
  IDENTITY_MEAN("identity-mean");

  private final String option;

  GalleryMode(String option) {
    this.option = option;
  }

  public String option() {
    return option;
  }

  /** Ranked entries are identities, so the gallery needs labels. */
  public boolean byIdentity() {
    return this != IMAGE;
  }

  public static GalleryMode parse(String value) {
    return Arrays.stream(values()).filter(m -> m.option.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--gallery-mode " + value + " is not one of "
            + Arrays.stream(values()).map(GalleryMode::option).collect(Collectors.joining(", "))));
  }
}
