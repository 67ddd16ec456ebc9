package io.facespark.core.pipeline;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a face is in the decoded image: a box in pixels and the detector's score, or
 * {@link #WHOLE_IMAGE} when detection is off and the image is taken to be one pre-aligned face.
 * {@code landmarks}, when a landmark stage ran, holds the 68 points as {@code x0, y0, x1, y1, ...}
 * in image pixels (iBUG 300-W order), or, from FaceMesh ({@code --landmarks mesh}), only the five
 * arcface points (eyes, nose tip, mouth corners, image-left first); the aligner reads them. {@code null} otherwise. {@code pass}
 * names the detection pass that found the face when a detector runs more than one (see
 * {@code MultiPassFaceLocator}: full, padded, tiled), {@code null} otherwise. {@code keypoints}
 * are the detector's own points in image pixels when it has them (BlazeFace's six: right eye, left
 * eye, nose tip, mouth centre, right tragion, left tragion; "right" is the subject's right, on the
 * image's left), {@code null} otherwise; the landmark stage checks its 68 points against them.
 * {@code secondLandmarks}, when a second landmark stage ran ({@code --landmarks 68+mesh}: FaceMesh's
 * five arcface points next to the 68), is another set to cut a chip from, whose embedding is averaged
 * with the first's; {@code null} otherwise.
 */
public record FaceLocation(float x, float y, float w, float h, Float score, float[] landmarks, String pass,
                           float[] keypoints, float[] secondLandmarks) {

  /** No detector ran: bbox and det_score are written as NULL. */
  public static final FaceLocation WHOLE_IMAGE = new FaceLocation(0, 0, 0, 0, null);

  public FaceLocation {
    if (landmarks != null && (landmarks.length == 0 || landmarks.length % 2 != 0)) {
      throw new IllegalArgumentException("landmarks must be x, y pairs, got " + landmarks.length + " values");
    }
    if (keypoints != null && (keypoints.length == 0 || keypoints.length % 2 != 0)) {
      throw new IllegalArgumentException("keypoints must be x, y pairs, got " + keypoints.length + " values");
    }
    if (secondLandmarks != null && (secondLandmarks.length == 0 || secondLandmarks.length % 2 != 0)) {
      throw new IllegalArgumentException("second landmarks must be x, y pairs, got " + secondLandmarks.length + " values");
    }
  }

  /** A face with one landmark set at most. */
  public FaceLocation(float x, float y, float w, float h, Float score, float[] landmarks, String pass,
                      float[] keypoints) {
    this(x, y, w, h, score, landmarks, pass, keypoints, null);
  }

  /** A box without landmarks. */
  public FaceLocation(float x, float y, float w, float h, Float score) {
    this(x, y, w, h, score, null, null, null);
  }

  /** A box with landmarks, from a single-pass detector. */
  public FaceLocation(float x, float y, float w, float h, Float score, float[] landmarks) {
    this(x, y, w, h, score, landmarks, null, null);
  }

  public boolean detected() {
    return this != WHOLE_IMAGE;
  }

  /** The same box with these landmarks. */
  public FaceLocation withLandmarks(float[] points) {
    return new FaceLocation(x, y, w, h, score, points, pass, keypoints, secondLandmarks);
  }

  /** The same face with a second landmark set {@code points} to cut another chip from. */
  public FaceLocation withSecondLandmarks(float[] points) {
    return new FaceLocation(x, y, w, h, score, landmarks, pass, keypoints, points);
  }

  /** The same face aligned on its second landmark set alone (the one its second chip is cut from). */
  public FaceLocation onSecondLandmarks() {
    if (secondLandmarks == null) {
      throw new IllegalStateException(this + " has no second landmark set");
    }
    return new FaceLocation(x, y, w, h, score, secondLandmarks, pass, keypoints, null);
  }

  /** The same face, found by the detection pass {@code name}. */
  public FaceLocation withPass(String name) {
    return new FaceLocation(x, y, w, h, score, landmarks, name, keypoints, secondLandmarks);
  }

  /** The same face with the detector's keypoints {@code points} (image pixels). */
  public FaceLocation withKeypoints(float[] points) {
    return new FaceLocation(x, y, w, h, score, landmarks, pass, points, secondLandmarks);
  }

  /** Intersection over union of the two boxes; 0 when both are empty. */
  public double iou(FaceLocation other) {
    double ix = Math.max(0, Math.min(x + w, other.x + other.w) - Math.max(x, other.x));
    double iy = Math.max(0, Math.min(y + h, other.y + other.h) - Math.max(y, other.y));
    double intersection = ix * iy;
    double union = (double) w * h + (double) other.w * other.h - intersection;
    return union <= 0 ? 0 : intersection / union;
  }

  // Arrays compare by content, not identity (the record default).
  @Override
  public boolean equals(Object other) {
    return other instanceof FaceLocation f && Float.compare(x, f.x) == 0 && Float.compare(y, f.y) == 0
        && Float.compare(w, f.w) == 0 && Float.compare(h, f.h) == 0 && Objects.equals(score, f.score)
        && Arrays.equals(landmarks, f.landmarks) && Objects.equals(pass, f.pass) && Arrays.equals(keypoints, f.keypoints)
        && Arrays.equals(secondLandmarks, f.secondLandmarks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(x, y, w, h, score, Arrays.hashCode(landmarks), pass, Arrays.hashCode(keypoints),
        Arrays.hashCode(secondLandmarks));
  }

  @Override
  public String toString() {
    return "FaceLocation[x=" + x + ", y=" + y + ", w=" + w + ", h=" + h + ", score=" + score
        + (landmarks == null ? "" : ", landmarks=" + landmarks.length / 2 + " points")
        + (pass == null ? "" : ", pass=" + pass)
        + (keypoints == null ? "" : ", keypoints=" + keypoints.length / 2 + " points")
        + (secondLandmarks == null ? "" : ", second landmarks=" + secondLandmarks.length / 2 + " points") + "]";
  }
}
