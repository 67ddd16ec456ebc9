package io.facespark.core.model;

/**
 * Which face chip a model was trained on, as part of its {@link InputSpec}: the align stage maps the
 * face's landmarks onto this style's template, so {@code --detect box|all|largest} cut each model
 * the chip it expects without further options.
 */
public enum ChipStyle {
  /** dlib's {@code get_face_chip_details} chips, padding 0.25 (facerec). */
  DLIB(new double[] {0.26, 0.30, 0.48, 0.48}),
  /**
   * insightface's 5-point {@code arcface_dst} template (112x112: eyes at y=51.6, mouth at y=92.3),
   * what ArcFace-trained nets such as MobileFaceNet expect.
   */
  ARCFACE(new double[] {0.232, 0.20, 0.536, 0.536});

  private final double[] lfwCrop;

  ChipStyle(double[] lfwCrop) {
    this.lfwCrop = lfwCrop;
  }

  /**
   * The fixed box (left, top, width, height as fractions of the image) that {@code --detect none
   * --crop lfw} cuts from LFW deep-funneled style images for this chip style, chosen on LFW View 1
   * (see {@code FaceCrop}).
   */
  public double[] lfwCrop() {
    return lfwCrop.clone();
  }
}
