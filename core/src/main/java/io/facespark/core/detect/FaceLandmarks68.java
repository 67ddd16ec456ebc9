package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsModelFiles;
import io.facespark.core.model.tfjs.TfjsWeights;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.NativeFloats;
import io.facespark.core.platform.OneDnnConvolution;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * face-api.js's 68-point landmark net (bundled {@code face_landmark_68_model}, iBUG 300-W point
 * order: jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, mouth 48-67) run on a detected box.
 *
 * <p>As the reference ({@code extractFaceTensors} + {@code FaceLandmark68NetBase}): the box is
 * clipped to the image and floored, that crop zero-padded to a centred square, resized to
 * 112x112 (TF legacy bilinear), normalised; the net's relative output is mapped back through the
 * padding to the crop, then shifted by the crop's origin. One deliberate difference: the
 * reference shifts by the unfloored box origin, this class by the floored crop origin it really
 * cut (the points land where the net saw them; at most one pixel apart).
 *
 * <p>Not thread-safe: {@link #locate} is synchronized; one instance per thread for parallelism.
 */
public final class FaceLandmarks68 implements AutoCloseable {

  public static final String MANIFEST_FILE = "face_landmark_68_model-weights_manifest.json";
  public static final int POINTS = FaceLandmarks68Graph.POINTS;
  public static final int INPUT_SIZE = FaceLandmarks68Graph.INPUT_SIZE;
  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final ComputationGraph network;

  private FaceLandmarks68(ComputationGraph network) {
    this.network = network;
  }

  public static FaceLandmarks68 load(Path modelDir) {
    return fromWeights(TfjsModelFiles.read(modelDir, MANIFEST_FILE).weights());
  }

  public static FaceLandmarks68 fromWeights(TfjsWeights weights) {
    // NHWC: NCHW activations cost layout reorders around every oneDNN convolution (TfjsGraphBuilder).
    return new FaceLandmarks68(graph(weights, CNN2DFormat.NHWC));
  }

  /** The net's graph with activations in {@code format}: NHWC is what this class runs; NCHW for {@code LayoutBenchmark}. */
  public static ComputationGraph graph(TfjsWeights weights, CNN2DFormat format) {
    OneDnnConvolution.enable();
    return FaceLandmarks68Graph.build(weights, format);
  }

  /**
   * The 68 points of the face in {@code box}, as {@code x0, y0, x1, y1, ...} in image pixels, or
   * {@code null} when the box lies outside the image (nothing to look at).
   */
  public synchronized float[] locate(Mat bgr, FaceLocation box) {
    double x = Math.max(box.x(), 0);
    double y = Math.max(box.y(), 0);
    int cropX = (int) Math.floor(x);
    int cropY = (int) Math.floor(y);
    int cropW = (int) Math.floor(Math.min(box.x() + box.w() - x, bgr.cols() - x));
    int cropH = (int) Math.floor(Math.min(box.y() + box.h() - y, bgr.rows() - y));
    if (cropW <= 0 || cropH <= 0) {
      return null;
    }
    int size = FaceLandmarks68Graph.INPUT_SIZE;
    float[] rgb = SquareInput.sample(bgr, cropX, cropY, cropW, cropH, SquareInput.Padding.CENTRED, size);
    int plane = size * size;
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (rgb[i] - MEAN_RGB[i / plane]) / 255f;
    }
    float[] relative;
    try (INDArray input = NativeFloats.array(rgb, 1, 3, size, size)) {
      INDArray output = network.outputSingle(false, input);
      relative = NativeFloats.values(output);
      output.close();
    }
    // FaceLandmark68NetBase.postProcess: undo the (assumed symmetric) padding of the scaled crop.
    double scale = (double) size / Math.max(cropW, cropH);
    double scaledW = cropW * scale;
    double scaledH = cropH * scale;
    double padX = cropW < cropH ? Math.abs(scaledW - scaledH) / 2 : 0;
    double padY = cropH < cropW ? Math.abs(scaledW - scaledH) / 2 : 0;
    float[] points = new float[2 * POINTS];
    for (int i = 0; i < POINTS; i++) {
      points[2 * i] = (float) ((relative[2 * i] * size - padX) / scaledW * cropW + cropX);
      points[2 * i + 1] = (float) ((relative[2 * i + 1] * size - padY) / scaledH * cropH + cropY);
    }
    return points;
  }

  public ComputationGraph network() {
    return network;
  }

  @Override
  public void close() {
    network.close();
  }
}
