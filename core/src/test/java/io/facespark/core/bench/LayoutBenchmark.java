package io.facespark.core.bench;

import io.facespark.core.bench.DetectBenchmark.Rate;
import io.facespark.core.bench.DetectBenchmark.Task;
import io.facespark.core.bench.DetectBenchmark.Work;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.SsdMobileNetV1;
import io.facespark.core.model.MobileFaceNetModelBytes;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.model.mobilefacenet.MobileFaceNetEmbedder;
import io.facespark.core.model.mobilefacenet.MobileFaceNetRepair;
import io.facespark.core.model.tfjs.TfjsGraphModel;
import io.facespark.core.model.tfjs.TfjsModelFiles;
import io.facespark.core.report.TextTable;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The depthwise nets (BlazeFace, the 68-point net, MobileFaceNet; face-api's SSD with {@code --nets ssd}) built twice in one run: with
 * DL4J's default NCHW activations (the layout before issue 16's fix) and with NHWC (what the
 * classes run now). Prints, per net, the forward time of both (interleaved, same load), the
 * largest output difference, and where the time goes by layer type.
 *
 * <p>{@code bin/bench core LayoutBenchmark [--nets blazeface,landmarks68,mobilefacenet,ssd]
 * [--batch 1] [--seconds 5] [--rounds 7]}; run with {@code OMP_NUM_THREADS=1} for the one-thread
 * figures of the detect profile.
 *
 * <p>Layer times: each layer (or vertex) run on its own on the activations a full forward gave it,
 * the median over {@code --rounds} rounds (both layouts in every round); each call allocates its
 * output outside any workspace, so the sum runs somewhat above the forward time. The NHWC graph's
 * NCHW-to-NHWC copy of its input is its own row. Why NCHW is slow (reorders around every oneDNN
 * kernel, reference max pooling) is written at {@code TfjsGraphBuilder}; {@code DNNL_VERBOSE=1}
 * shows it primitive by primitive.
 */
public final class LayoutBenchmark {

  private static final String INPUT_COPY = "input NCHW->NHWC copy";
  private static final List<String> TYPES = List.of("depthwise conv", "1x1 conv", "kxk conv", "max pooling",
      "activation (ReLU, PReLU)", "residual add (+ ReLU if fused)", "other (global pool, dense, L2 norm)", INPUT_COPY);

  private LayoutBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    List<String> nets = List.of(DetectBenchmark.option(args, "--nets", "blazeface,landmarks68,mobilefacenet").split(","));
    int batch = Integer.parseInt(DetectBenchmark.option(args, "--batch", "1"));
    double seconds = Double.parseDouble(DetectBenchmark.option(args, "--seconds", "5"));
    int rounds = Integer.parseInt(DetectBenchmark.option(args, "--rounds", "7"));
    for (String net : nets) {
      Map<CNN2DFormat, ComputationGraph> graphs = new LinkedHashMap<>();
      for (CNN2DFormat format : new CNN2DFormat[] {CNN2DFormat.NCHW, CNN2DFormat.NHWC}) {
        graphs.put(format, graph(net, format));
      }
      int size = switch (net) {
        case "blazeface" -> BlazeFaceNet.INPUT_SIZE;
        case "landmarks68" -> FaceLandmarks68.INPUT_SIZE;
        case "ssd" -> SsdMobileNetV1.INPUT_SIZE;
        default -> MobileFaceNetEmbedder.INPUT_SIZE;
      };
      INDArray input = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(1);
      System.out.println(report(net, batch, graphs, input, seconds, rounds));
    }
  }

  private static ComputationGraph graph(String net, CNN2DFormat format) {
    return switch (net) {
      case "blazeface" -> BlazeFaceNet.graph(BlazeFaceNet.files(humanModels()), format);
      case "landmarks68" -> FaceLandmarks68.graph(TfjsModelFiles.read(TestData.models().requireVerifiedModelDir(),
          FaceLandmarks68.MANIFEST_FILE).weights(), format);
      case "ssd" -> SsdMobileNetV1.graph(TfjsModelFiles.read(TestData.models().requireVerifiedModelDir(),
          SsdMobileNetV1.MANIFEST_FILE).weights(), format);
      case "mobilefacenet" -> {
        MobileFaceNetModelBytes bytes = MobileFaceNetModelBytes.read(humanModels());
        TfjsGraphModel literal = TfjsGraphModel.read(MobileFaceNetEmbedder.MODEL_FILE, bytes.modelJson(), bytes.shards());
        yield MobileFaceNetEmbedder.graph(MobileFaceNetRepair.repair(literal), format);
      }
      default -> throw new IllegalArgumentException("--nets takes blazeface, landmarks68, mobilefacenet and/or ssd, got '"
          + net + "'");
    };
  }

  private static Path humanModels() {
    return TestData.models().requireVerified(ModelPackage.HUMAN_MODELS);
  }

  private static String report(String net, int batch, Map<CNN2DFormat, ComputationGraph> graphs, INDArray input,
                               double seconds, int rounds) {
    ComputationGraph nchw = graphs.get(CNN2DFormat.NCHW);
    ComputationGraph nhwc = graphs.get(CNN2DFormat.NHWC);
    double diff = maxDifference(nchw.output(false, input), nhwc.output(false, input));
    Rate[] forward = DetectBenchmark.interleaved(new Task[] {forward(nchw, input), forward(nhwc, input)}, seconds);

    List<Map<String, double[]>> perRound = new ArrayList<>();
    List<LayerRun> nchwRuns = layerRuns(nchw, input);
    List<LayerRun> nhwcRuns = layerRuns(nhwc, input);
    for (int r = 0; r < rounds; r++) {
      perRound.add(byType(nchwRuns, 0, byType(nhwcRuns, 1, new LinkedHashMap<>())));
    }
    TextTable table = new TextTable("layer type (" + net + ", batch " + batch + ")", "layers", "NCHW ms",
        "NHWC ms", "NHWC / NCHW");
    double[] sums = new double[2];
    for (String type : TYPES) {
      double[] medians = new double[2];
      for (int f = 0; f < 2; f++) {
        int format = f;
        medians[f] = median(perRound.stream().mapToDouble(m -> m.getOrDefault(type, new double[2])[format]).toArray());
        sums[f] += medians[f];
      }
      long layers = (type.equals(INPUT_COPY) ? nhwcRuns : nchwRuns).stream().filter(run -> run.type.equals(type)).count();
      if (layers > 0) {
        table.add(type, layers, ms(medians[0]), ms(medians[1]), ratio(medians[1], medians[0]));
      }
    }
    table.add("sum of the layers run alone", "", ms(sums[0]), ms(sums[1]), ratio(sums[1], sums[0]));
    double forwardNchw = 1000 / forward[0].photosPerSecond();
    double forwardNhwc = 1000 / forward[1].photosPerSecond();
    table.add("forward (output), interleaved", "", ms(forwardNchw * 1e6), ms(forwardNhwc * 1e6), ratio(forwardNhwc, forwardNchw));
    return String.format(Locale.ROOT, "%s: forward NCHW %.2f ms, NHWC %.2f ms per batch of %d: %.2fx faster; "
        + "largest output difference %.2e%n%s", net, forwardNchw, forwardNhwc, batch, forwardNchw / forwardNhwc, diff, table);
  }

  /** One vertex run on its own: its type and the call that runs it on its recorded input. */
  private record LayerRun(String type, Runnable call) {
  }

  private static List<LayerRun> layerRuns(ComputationGraph graph, INDArray input) {
    Map<String, INDArray> activations = graph.feedForward(input, false);
    String inputName = graph.getConfiguration().getNetworkInputs().get(0);
    activations.put(inputName, input);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    List<LayerRun> runs = new ArrayList<>();
    for (GraphVertex vertex : graph.getVertices()) {
      if (vertex.isInputVertex()) {
        continue;
      }
      INDArray[] in = graph.getConfiguration().getVertexInputs().get(vertex.getVertexName()).stream()
          .map(activations::get).toArray(INDArray[]::new);
      if (vertex instanceof LayerVertex layerVertex) {
        INDArray layerInput = in[0];
        InputPreProcessor pre = layerVertex.getLayerPreProcessor();
        if (pre != null) {
          runs.add(new LayerRun(INPUT_COPY, () -> release(pre.preProcess(in[0], (int) in[0].size(0), mgr), in[0])));
          layerInput = pre.preProcess(in[0], (int) in[0].size(0), mgr);
        }
        Layer layer = layerVertex.getLayer();
        INDArray x = layerInput;
        runs.add(new LayerRun(type(layer), () -> release(layer.activate(x, false, mgr), x)));
      } else {
        String type = vertex instanceof ElementWiseVertex ? "residual add (+ ReLU if fused)" : "other (global pool, dense, L2 norm)";
        runs.add(new LayerRun(type, () -> {
          vertex.setInputs(in.clone()); // the vertex clears the array it is given after use
          release(vertex.doForward(false, mgr), null);
          vertex.clear();
        }));
      }
    }
    return runs;
  }

  private static String type(Layer layer) {
    var conf = layer.conf().getLayer();
    if (conf instanceof DepthwiseConvolution2D) {
      return "depthwise conv";
    }
    if (conf instanceof ConvolutionLayer conv) {
      return Arrays.equals(conv.getKernelSize(), new int[] {1, 1}) ? "1x1 conv" : "kxk conv";
    }
    if (conf instanceof SubsamplingLayer) {
      return "max pooling";
    }
    if (conf instanceof ActivationLayer) {
      return "activation (ReLU, PReLU)";
    }
    return "other (global pool, dense, L2 norm)";
  }

  /** Nanoseconds per call of each type, summed over its layers, into {@code into[type][format]}. */
  private static Map<String, double[]> byType(List<LayerRun> runs, int format, Map<String, double[]> into) {
    for (LayerRun run : runs) {
      run.call.run(); // warm
      int reps = 0;
      long start = System.nanoTime();
      long spent;
      do {
        run.call.run();
        reps++;
        spent = System.nanoTime() - start;
      } while (spent < 2_000_000L || reps < 3);
      into.computeIfAbsent(run.type, t -> new double[2])[format] += spent / (double) reps;
    }
    return into;
  }

  private static void release(INDArray output, INDArray input) {
    if (output != null && output != input && output.closeable()) {
      output.close();
    }
  }

  private static Task forward(ComputationGraph graph, INDArray input) {
    return () -> {
      for (INDArray out : graph.output(false, input)) {
        out.close();
      }
      return new Work(1, (int) input.size(0));
    };
  }

  /** The largest absolute difference between the two graphs' outputs, 4-d maps compared in the same order. */
  private static double maxDifference(INDArray[] nchw, INDArray[] nhwc) {
    double max = 0;
    for (int i = 0; i < nchw.length; i++) {
      INDArray a = nchw[i].rank() == 4 ? nchw[i].permute(0, 2, 3, 1) : nchw[i];
      max = Math.max(max, a.sub(nhwc[i]).amaxNumber().doubleValue());
    }
    return max;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }
}
