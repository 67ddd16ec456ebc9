package io.facespark.jobs.embed;

import io.facespark.core.image.FaceCrop;

/**
 * {@code --crop}: {@code lfw} (the default box, chosen on LFW View 1 for pre-aligned, centred faces)
 * or {@code LEFT,TOP,WIDTH,HEIGHT} as fractions of the image (e.g. {@code 0.2,0.2,0.6,0.6}).
 */
final class CropOption {

  static final String DEFAULT = "lfw";

  private CropOption() {
  }

  static FaceCrop parse(String text) {
    if (text == null || text.isBlank() || text.equals(DEFAULT)) {
      return FaceCrop.lfwDeepFunneled();
    }
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException("--crop must be 'lfw' or LEFT,TOP,WIDTH,HEIGHT fractions, got '" + text + "'");
    }
    double[] box = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        box[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--crop value '" + parts[i] + "' is not a number (in '" + text + "')");
      }
    }
    if (box[2] <= 0 || box[3] <= 0 || box[2] > 1 || box[3] > 1) {
      throw new IllegalArgumentException("--crop width and height must be fractions in (0, 1], got '" + text + "'");
    }
    return FaceCrop.relative(box[0], box[1], box[2], box[3]);
  }
}
