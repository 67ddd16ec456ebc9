package io.facespark.core.image;

import java.io.Serializable;

/**
 * A box given as fractions of an image's width and height, so that one box fits a whole dataset
 * of same-framed images whatever their pixel size: the fixed crop ({@link FaceCrop}) and the
 * fixed face box of pre-cropped images ({@code FixedFaceBox}) are both one.
 */
public record RelativeBox(double left, double top, double width, double height) implements Serializable {

  public RelativeBox {
    if (!(width > 0) || !(height > 0) || !Double.isFinite(left) || !Double.isFinite(top)
        || !Double.isFinite(width) || !Double.isFinite(height)) {
      throw new IllegalArgumentException("bad relative box: left=" + left + " top=" + top
          + " width=" + width + " height=" + height);
    }
  }

  /** {@code x, y, w, h} in pixels of a {@code imageWidth x imageHeight} image. */
  public double[] inPixels(int imageWidth, int imageHeight) {
    return new double[] {left * imageWidth, top * imageHeight, width * imageWidth, height * imageHeight};
  }
}
