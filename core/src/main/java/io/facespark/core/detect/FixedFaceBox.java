package io.facespark.core.detect;

import io.facespark.core.image.RelativeBox;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detect stage for pre-cropped images (one roughly centred face per image: LFW, ID photos,
 * crops written by another detector): no detector runs, the face is taken to be where the dataset
 * puts it. Followed by {@link FaceLandmarks68} (see {@link DetectorSource#fixedBox}) so that each
 * face is still aligned on its own landmarks.
 *
 * <p>Why not the SSD detector on such images: it misses faces that a tight crop cuts (4% of LFW),
 * and its box varies from image to image, which the landmark net feels. On LFW View 1
 * (pairsDevTrain / pairsDevTest, accuracy at the best threshold) landmarks found in this box gave
 * 99.05% / 99.20%, landmarks in the SSD's own box 98.45% / 98.60%, the fixed crop 98.09% / 97.90%.
 *
 * <p>The box is a detector-style box (as the SSD draws it), not a chip crop. The score is null:
 * nothing was detected. Stateless and thread-safe.
 */
public final class FixedFaceBox implements FaceLocator {

  /**
   * LFW deep-funneled: the median SSD MobileNet v1 box over the 4,769 View 1 images where it found a
   * face (on 250x250 images: x 74.1, y 69.8, w 100.5, h 118.0 px), rounded to two decimals.
   * {@code FixedFaceBoxTest} re-derives it from the detector on a sample of LFW.
   */
  public static final RelativeBox LFW_DEEPFUNNELED = new RelativeBox(0.30, 0.28, 0.40, 0.47);

  private final RelativeBox box;

  public FixedFaceBox(RelativeBox box) {
    this.box = box;
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    double[] px = box.inPixels(bgrImage.cols(), bgrImage.rows());
    return List.of(new FaceLocation((float) px[0], (float) px[1], (float) px[2], (float) px[3], null));
  }

  @Override
  public String toString() {
    return "FixedFaceBox[" + box + "]";
  }
}
