package io.facespark.core.image;

import java.io.Serializable;

/**
 * What a decoder would have printed about an image it still decoded (a damaged ancillary chunk,
 * say): how many warnings and the first one. Kept per image so the job can count them instead of
 * letting native libraries write to the executor's stderr.
 */
public record DecoderWarnings(int count, String first) implements Serializable {

  public static final DecoderWarnings NONE = new DecoderWarnings(0, null);

  public DecoderWarnings plus(String warning) {
    return new DecoderWarnings(count + 1, first == null ? warning : first);
  }
}
