package io.facespark.jobs.embed;

import io.facespark.core.pipeline.ChipExtractor;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.List;
import java.util.Locale;

/**
 * {@code --no-face}: what detection does with an image in which it finds no face. On pre-aligned
 * datasets (LFW and the like) a miss is usually a hard face rather than no face, and evaluation
 * protocols need a row for every image, so {@code crop} falls back to the fixed crop.
 */
enum NoFacePolicy {
  /** The image becomes a reject at stage detect (default). */
  REJECT,
  /** The whole image is taken as one pre-aligned face, cut by --crop; bbox and det_score are NULL. */
  CROP;

  static NoFacePolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--no-face must be reject or crop, got '" + text + "'");
    }
  }

  /** The detect stage with this policy applied to a miss. */
  FaceLocator locator(FaceLocator detector) {
    if (this == REJECT) {
      return detector;
    }
    return image -> {
      List<FaceLocation> faces = detector.locate(image);
      return faces.isEmpty() ? List.of(FaceLocation.WHOLE_IMAGE) : faces;
    };
  }

  /** Aligns detected faces; a fallback row (no detection) gets the fixed crop. */
  ChipExtractor extractor(ChipExtractor aligner, ChipExtractor crop) {
    if (this == REJECT) {
      return aligner;
    }
    return (image, face, spec) -> face.detected() ? aligner.extract(image, face, spec) : crop.extract(image, face, spec);
  }
}
