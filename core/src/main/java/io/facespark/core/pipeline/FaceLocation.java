package io.facespark.core.pipeline;

/**
 * Where a face is in the decoded image: a box in pixels and the detector's score, or
 * {@link #WHOLE_IMAGE} when detection is off and the image is taken to be one pre-aligned face.
 */
public record FaceLocation(float x, float y, float w, float h, Float score) {

  /** No detector ran: bbox and det_score are written as NULL. */
  public static final FaceLocation WHOLE_IMAGE = new FaceLocation(0, 0, 0, 0, null);

  public boolean detected() {
    return this != WHOLE_IMAGE;
  }
}
