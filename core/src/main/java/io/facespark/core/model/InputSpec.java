package io.facespark.core.model;

/**
 * What pixels a {@link FaceEmbedder} wants: a face crop of {@code height x width}, three channels
 * in {@code channelOrder}, values 0..255 as decoded, aligned as {@code chip} says. Each embedder
 * applies its own normalisation (mean, scale) inside {@code embed}, so preprocessing only has to
 * produce the right chip, size and order.
 */
public record InputSpec(int height, int width, ChannelOrder channelOrder, ChipStyle chip) {

  /** A dlib-style chip (what every model before ArcFace-trained ones used). */
  public InputSpec(int height, int width, ChannelOrder channelOrder) {
    this(height, width, channelOrder, ChipStyle.DLIB);
  }

  public InputSpec {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
    }
    if (channelOrder == null || chip == null) {
      throw new IllegalArgumentException("channel order and chip style are required");
    }
  }

  /** Order of the three colour planes. datavec's NativeImageLoader yields BGR. */
  public enum ChannelOrder { RGB, BGR }
}
