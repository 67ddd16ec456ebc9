package io.facespark.core.pipeline;

import io.facespark.core.model.InputSpec;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The crop/align stage: cuts the model's input chip for one located face out of a decoded BGR
 * image: {@code [1, 3, h, w]} float, values 0..255, channels in {@code spec}'s order. A fixed box
 * for pre-aligned data; a landmark-based similarity transform once detection is on.
 */
public interface ChipExtractor {

  INDArray extract(Mat bgrImage, FaceLocation face, InputSpec spec);
}
