package io.facespark.jobs.embed;

import io.facespark.core.align.Aligner;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import java.io.Serializable;
import java.util.List;

/** What every task needs besides the models: limits, batch size, crop or detection, all validated. */
record EmbedSettings(int batchSize, long maxPixels, int minImageSide, long maxFileBytes, String crop,
                     DetectMode detect, NoFacePolicy noFace, String modelVersion, boolean failFirstAttempt)
    implements Serializable {

  EmbedSettings {
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("--batch-size must be between 1 and 1024, got " + batchSize);
    }
    if (maxPixels < 1 || minImageSide < 1 || maxFileBytes < 1) {
      throw new IllegalArgumentException("--max-pixels, --min-image-size and --max-file-mb must be positive");
    }
    CropOption.parse(crop);
  }

  /**
   * {@code specs}: the chips the model takes per face (one, or one per fusion member);
   * {@code detector}: this task's detect stage, or null with {@code --detect none}.
   */
  Preprocessor preprocessor(List<InputSpec> specs, FaceLocator detector) {
    ImageDecoder decoder = new ImageDecoder(maxPixels, minImageSide);
    if (detect == DetectMode.NONE) {
      return new Preprocessor(decoder, FaceLocator.WHOLE_IMAGE, CropOption.extractor(crop), specs);
    }
    return new Preprocessor(decoder, noFace.locator(detect.select(detector)),
        noFace.extractor(Aligner.dlib(), CropOption.extractor(crop)), specs);
  }
}
