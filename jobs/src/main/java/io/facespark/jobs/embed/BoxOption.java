package io.facespark.jobs.embed;

import io.facespark.core.image.RelativeBox;

/**
 * The value of an option that takes a box: {@code lfw} (the option's box for LFW deep-funneled
 * style images) or {@code LEFT,TOP,WIDTH,HEIGHT} as fractions of the image (e.g.
 * {@code 0.2,0.2,0.6,0.6}).
 */
final class BoxOption {

  static final String LFW = "lfw";

  private BoxOption() {
  }

  /** {@code option} names the option in errors; {@code lfw} is what {@code lfw} (or no value) means. */
  static RelativeBox parse(String option, String text, RelativeBox lfw) {
    if (text == null || text.isBlank() || text.equals(LFW)) {
      return lfw;
    }
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException(option + " must be 'lfw' or LEFT,TOP,WIDTH,HEIGHT fractions, got '" + text + "'");
    }
    double[] box = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        box[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " value '" + parts[i] + "' is not a number (in '" + text + "')");
      }
    }
    if (box[2] <= 0 || box[3] <= 0 || box[2] > 1 || box[3] > 1) {
      throw new IllegalArgumentException(option + " width and height must be fractions in (0, 1], got '" + text + "'");
    }
    if (box[0] >= 1 || box[1] >= 1 || box[0] + box[2] <= 0 || box[1] + box[3] <= 0) {
      // Such a box would cut nothing but border from every image.
      throw new IllegalArgumentException(option + " '" + text + "' lies outside the image: LEFT and TOP must be"
          + " below 1, LEFT+WIDTH and TOP+HEIGHT above 0");
    }
    return new RelativeBox(box[0], box[1], box[2], box[3]);
  }
}
