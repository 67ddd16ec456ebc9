package io.facespark.jobs.embed;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.model.ChipStyle;
import io.facespark.core.pipeline.ChipExtractor;

/**
 * {@code --crop}: {@code lfw} (the default box for pre-aligned, centred faces, chosen on LFW View 1
 * for the model's chip style) or {@code LEFT,TOP,WIDTH,HEIGHT} as fractions of the image (e.g.
 * {@code 0.2,0.2,0.6,0.6}).
 */
final class CropOption {

  static final String DEFAULT = BoxOption.LFW;

  private CropOption() {
  }

  /** Checks the text (before the model is known). */
  static FaceCrop parse(String text) {
    return parse(text, ChipStyle.DLIB);
  }

  /** The crop for a model whose chips have {@code style}: {@code lfw} means that style's box. */
  static FaceCrop parse(String text, ChipStyle style) {
    return FaceCrop.of(BoxOption.parse("--crop", text, FaceCrop.lfwBox(style)));
  }

  /** The crop stage: each chip cut with the box its chip style's {@code lfw} means, or the given box. */
  static ChipExtractor extractor(String text) {
    return (image, face, spec) -> parse(text, spec.chip()).extract(image, face, spec);
  }
}
