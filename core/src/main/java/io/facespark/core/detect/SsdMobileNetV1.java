package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsModelFiles;
import io.facespark.core.model.tfjs.TfjsWeights;
import io.facespark.core.platform.OneDnnConvolution;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * face-api.js's SSD MobileNet v1 face detector (bundled {@code ssd_mobilenetv1_model}) as a DL4J
 * graph: image in, every anchor's decoded box and face score out (no threshold, no NMS; that is
 * {@link SsdFaceDetector}'s job).
 *
 * <p>Input preparation as face-api's {@code NetInput.toBatchTensor(512, false)}: the whole image
 * zero-padded at the bottom/right to a square, resized to 512x512 (TF legacy bilinear, see
 * {@link SquareInput}), scaled to {@code x / 127.5 - 1}. Boxes are relative to that padded square.
 *
 * <p>Not thread-safe: {@link #predict} is synchronized; use one instance per thread for parallelism.
 */
public final class SsdMobileNetV1 implements AutoCloseable {

  public static final String MANIFEST_FILE = "ssd_mobilenetv1_model-weights_manifest.json";
  public static final int INPUT_SIZE = SsdMobileNetV1Graph.INPUT_SIZE;

  private final ComputationGraph network;
  private final SsdBoxDecoder decoder;
  private final String weightsSha256;

  private SsdMobileNetV1(ComputationGraph network, SsdBoxDecoder decoder, String weightsSha256) {
    this.network = network;
    this.decoder = decoder;
    this.weightsSha256 = weightsSha256;
  }

  /** Loads {@value #MANIFEST_FILE} and its shard from a model directory (e.g. the model cache). */
  public static SsdMobileNetV1 load(Path modelDir) {
    return fromWeights(TfjsModelFiles.read(modelDir, MANIFEST_FILE).weights());
  }

  public static SsdMobileNetV1 fromWeights(TfjsWeights weights) {
    // NHWC: NCHW activations cost layout reorders around every oneDNN convolution (TfjsGraphBuilder).
    return new SsdMobileNetV1(graph(weights, CNN2DFormat.NHWC), new SsdBoxDecoder(weights), weights.sha256());
  }

  /** The net's graph with activations in {@code format}: NHWC is what this class runs; NCHW for {@code LayoutBenchmark}. */
  public static ComputationGraph graph(TfjsWeights weights, CNN2DFormat format) {
    OneDnnConvolution.enable();
    return SsdMobileNetV1Graph.build(weights, format);
  }

  /** Every anchor's box ({@code [ymin, xmin, ymax, xmax]}, relative to the padded square) and score. */
  public synchronized SsdBoxDecoder.Candidates predict(Mat bgr) {
    int size = SsdMobileNetV1Graph.INPUT_SIZE;
    float[] rgb = SquareInput.sample(bgr, 0, 0, bgr.cols(), bgr.rows(), SquareInput.Padding.END, size);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rgb[i] / 127.5f - 1f;
    }
    try (INDArray input = Nd4j.create(rgb, new long[] {1, 3, size, size}, 'c')) {
      INDArray[] outputs = network.output(false, input);
      INDArray[] nchw = new INDArray[outputs.length]; // the decoder reads the maps as [1, c, h, w]
      for (int i = 0; i < outputs.length; i++) {
        nchw[i] = outputs[i].permute(0, 3, 1, 2);
      }
      SsdBoxDecoder.Candidates candidates = decoder.decode(nchw);
      for (INDArray output : outputs) {
        output.close();
      }
      return candidates;
    }
  }

  /** SHA-256 of the manifest and shard bytes (names the exact weights). */
  public String weightsSha256() {
    return weightsSha256;
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
