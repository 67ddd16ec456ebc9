package io.facespark.jobs.embed;

import io.facespark.core.detect.MainFace;
import io.facespark.core.pipeline.FaceLocator;
import java.util.List;
import java.util.Locale;

/** {@code --detect}: which faces of an image become rows. */
enum DetectMode {
  /** The whole image is one pre-aligned face (LFW deep-funneled and the like): the fixed crop. */
  NONE,
  /**
   * Pre-cropped images, one face each, where {@code --face-box} says (no detector): the face is
   * aligned on the 68 landmarks found in that box.
   */
  BOX,
  /** Every detected face, largest first. */
  ALL,
  /**
   * Only the photo's main face ({@link MainFace}): the largest, with size weighed against distance
   * from the centre, so that of two faces of similar size the central one is taken.
   */
  LARGEST;

  static DetectMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--detect must be none, box, all or largest, got '" + text + "'");
    }
  }

  /** Whether the SSD detector runs (and rows carry its box and score). */
  boolean detects() {
    return this == ALL || this == LARGEST;
  }

  /** Applies the mode to a detect stage whose faces come largest first. */
  FaceLocator select(FaceLocator detector) {
    return switch (this) {
      case NONE -> FaceLocator.WHOLE_IMAGE;
      case BOX, ALL -> detector;
      case LARGEST -> image -> {
        var faces = detector.locate(image);
        return faces.isEmpty() ? faces : List.of(faces.get(MainFace.of(faces, image.cols(), image.rows())));
      };
    };
  }
}
