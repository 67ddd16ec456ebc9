package io.facespark.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage: finds the faces of a decoded BGR image. An empty list makes the image a
 * reject at stage {@code detect}. Implementations are used by one thread at a time.
 */
public interface FaceLocator {

  List<FaceLocation> locate(Mat bgrImage);

  /**
   * The faces of each image, in order: the same as {@link #locate} on each one. A detector whose
   * net runs faster on several images at once overrides it (one forward for the batch).
   */
  default List<List<FaceLocation>> locateAll(List<Mat> bgrImages) {
    List<List<FaceLocation>> faces = new ArrayList<>(bgrImages.size());
    bgrImages.forEach(image -> faces.add(locate(image)));
    return faces;
  }

  /** This stage with {@code after} applied to each image's faces; batches still go through {@link #locateAll}. */
  default FaceLocator then(UnaryOperator<List<FaceLocation>> after) {
    FaceLocator before = this;
    return new FaceLocator() {
      @Override
      public List<FaceLocation> locate(Mat bgrImage) {
        return after.apply(before.locate(bgrImage));
      }

      @Override
      public List<List<FaceLocation>> locateAll(List<Mat> bgrImages) {
        List<List<FaceLocation>> faces = new ArrayList<>(bgrImages.size());
        before.locateAll(bgrImages).forEach(found -> faces.add(after.apply(found)));
        return faces;
      }
    };
  }

  /** {@code --detect none}: the whole image is one pre-aligned face (LFW deep-funneled and the like). */
  FaceLocator WHOLE_IMAGE = image -> List.of(FaceLocation.WHOLE_IMAGE);
}
