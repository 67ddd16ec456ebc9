package io.facespark.jobs.embed;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import java.io.Serializable;

/** What every task needs besides the model: limits, batch size and the crop, all validated. */
record EmbedSettings(int batchSize, long maxPixels, int minImageSide, long maxFileBytes, String crop,
                     String modelVersion, boolean failFirstAttempt) implements Serializable {

  EmbedSettings {
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("--batch-size must be between 1 and 1024, got " + batchSize);
    }
    if (maxPixels < 1 || minImageSide < 1 || maxFileBytes < 1) {
      throw new IllegalArgumentException("--max-pixels, --min-image-size and --max-file-mb must be positive");
    }
    CropOption.parse(crop);
  }

  Preprocessor preprocessor(InputSpec spec) {
    FaceCrop faceCrop = CropOption.parse(crop);
    return new Preprocessor(new ImageDecoder(maxPixels, minImageSide), FaceLocator.WHOLE_IMAGE, faceCrop, spec);
  }
}
