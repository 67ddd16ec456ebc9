package io.facespark.core.pipeline;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage: finds the faces of a decoded BGR image. An empty list makes the image a
 * reject at stage {@code detect}. Implementations are used by one thread at a time.
 */
public interface FaceLocator {

  List<FaceLocation> locate(Mat bgrImage);

  /** {@code --detect none}: the whole image is one pre-aligned face (LFW deep-funneled and the like). */
  FaceLocator WHOLE_IMAGE = image -> List.of(FaceLocation.WHOLE_IMAGE);
}
