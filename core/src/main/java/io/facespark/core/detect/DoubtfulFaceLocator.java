package io.facespark.core.detect;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A detector that, in the same pass, also says where it saw something face-like it was not sure
 * of: the places {@link MultiPassFaceLocator}'s zoomed second look examines.
 */
public interface DoubtfulFaceLocator extends FaceLocator {

  /**
   * The faces {@link #locate(Mat)} gives, and the doubtful ones: candidates scoring at least
   * {@code floor} but below the detector's own score, merged among themselves, best first.
   */
  Located locateWithDoubts(Mat bgrImage, double floor);

  record Located(List<FaceLocation> faces, List<FaceLocation> doubtful) {
  }
}
