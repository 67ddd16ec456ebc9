package io.facespark.jobs.embed;

import io.facespark.core.image.FaceCrop;

/**
 * {@code --crop}: {@code lfw} (the default box, chosen on LFW View 1 for pre-aligned, centred faces)
 * or {@code LEFT,TOP,WIDTH,HEIGHT} as fractions of the image (e.g. {@code 0.2,0.2,0.6,0.6}).
 */
final class CropOption {

  static final String DEFAULT = BoxOption.LFW;

  private CropOption() {
  }

  static FaceCrop parse(String text) {
    return FaceCrop.of(BoxOption.parse("--crop", text, FaceCrop.LFW_DEEPFUNNELED));
  }
}
