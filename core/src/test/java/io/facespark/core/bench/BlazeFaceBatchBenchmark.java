package io.facespark.core.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.bench.DetectBenchmark.Rate;
import io.facespark.core.bench.DetectBenchmark.Task;
import io.facespark.core.bench.DetectBenchmark.Work;
import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.core.report.TextTable;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Does batching pay for BlazeFace on this CPU? Its forward per photo at batch 1, 4, 8 and 16 on
 * the same real 256x256 inputs (LFW images scaled to 640 px, then sampled to the net's square as
 * {@link BlazeFaceNet#predict} does), interleaved in one run, with the ratio to batch 1; and the
 * whole predict at batch 1 (sampling, forward, head reorder, decode) for scale. Also lists which
 * native helper each layer kind got (a layer kind without oneDNN takes DL4J's slow path), and with
 * {@code --ops} ND4J's time per op over 20 forwards at batch 1 (are there layout permutes?).
 *
 * <p>What it showed (README, "Detection"): batches of 4-8 gained 1.15-1.67x on the forward alone
 * under heavy load, 1.03-1.05x on a quieter machine (batch 16: slower), nothing end to end: the embed job's stage with images detected in
 * groups of 8 ran 0.92-1.07x as fast as one by one in two DetectBenchmark runs (that tested
 * path is commit 545660b of branch s16b), so detection stays one photo at a time. With the NHWC
 * layers (all NCHW figures above) one run at load average 9-10: forward batch 2-4 1.17x per wall
 * second, 1.09-1.10x per CPU second; batch 8 1.14x / 1.26x; batch 16 1.25x / 1.27x. The forward is
 * about half of detect + landmarks + align, so even 1.27x would be some 10% end to end: not
 * enough to justify a batch path through the locators and the embed job on that evidence alone.
 *
 * <pre>OMP_NUM_THREADS=1 bin/bench core BlazeFaceBatchBenchmark [--photos 16] [--seconds 5] [--ops]</pre>
 */
public final class BlazeFaceBatchBenchmark {

  private static final int[] BATCHES = {1, 2, 4, 8, 16};

  private BlazeFaceBatchBenchmark() {
  }

  public static void main(String[] args) {
    int count = Integer.parseInt(DetectBenchmark.option(args, "--photos", "16"));
    double seconds = Double.parseDouble(DetectBenchmark.option(args, "--seconds", "5"));
    OneDnnConvolution.enable();
    List<Mat> photos = new ArrayList<>();
    for (Path file : DetectionSets.lfwSample(count)) {
      Mat scaled = new Mat();
      resize(DetectionSets.decode(file), scaled, new Size(640, 640), 0, 0, INTER_LINEAR);
      photos.add(scaled);
    }
    INDArray all = BlazeFaceNet.input(photos);
    try (BlazeFaceNet net = BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS))) {
      ComputationGraph graph = net.network();
      List<Task> tasks = new ArrayList<>();
      for (int batch : BATCHES) {
        if (count % batch != 0) {
          throw new IllegalArgumentException("--photos " + count + " is not a multiple of batch " + batch
              + "; use a multiple of 16");
        }
        List<INDArray> slices = new ArrayList<>();
        for (int start = 0; start < count; start += batch) {
          slices.add(all.get(NDArrayIndex.interval(start, start + batch)).dup('c'));
        }
        tasks.add(() -> {
          for (INDArray input : slices) {
            for (INDArray out : graph.output(false, input)) {
              out.close();
            }
          }
          return new Work(count, 0);
        });
      }
      tasks.add(() -> {
        photos.forEach(photo -> net.predict(photo, BlazeFaceDetector.DEFAULT_MIN_SCORE));
        return new Work(count, 0);
      });
      Rate[] rates = DetectBenchmark.interleaved(tasks.toArray(new Task[0]), seconds);
      // Per CPU second as well: on a loaded machine wall-clock gains can be the load's (README).
      TextTable table = new TextTable("BlazeFace", "ms/photo", "photos/s", "speed-up over batch 1",
          "speed-up per CPU second", "cores used");
      double base = rates[0].photosPerSecond();
      double baseCpu = base / rates[0].cpu();
      for (int b = 0; b < BATCHES.length; b++) {
        table.add("forward, batch " + BATCHES[b], fmt(1000 / rates[b].photosPerSecond()),
            fmt(rates[b].photosPerSecond()), String.format(Locale.ROOT, "%.2fx", rates[b].photosPerSecond() / base),
            String.format(Locale.ROOT, "%.2fx", rates[b].photosPerSecond() / rates[b].cpu() / baseCpu),
            rates[b].cpuByThread());
      }
      Rate predict = rates[BATCHES.length];
      table.add("predict, batch 1 (sampling + forward + decode)", fmt(1000 / predict.photosPerSecond()),
          fmt(predict.photosPerSecond()), String.format(Locale.ROOT, "%.2fx", predict.photosPerSecond() / base),
          String.format(Locale.ROOT, "%.2fx", predict.photosPerSecond() / predict.cpu() / baseCpu),
          predict.cpuByThread());
      String omp = System.getenv("OMP_NUM_THREADS");
      System.out.println("BlazeFaceBatchBenchmark: " + count + " LFW images at 640 px, OMP_NUM_THREADS="
          + (omp == null ? "unset (all cores)" : omp) + ", conv helper "
          + (OneDnnConvolution.active() ? "oneDNN" : "none (slow im2col path)"));
      System.out.println(table);
      System.out.println("Layer helpers: " + helpers(graph));
      if (Arrays.asList(args).contains("--ops")) { // ND4J's profiler: every op the forward runs, with its time
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingMode(ProfilingMode.OPERATIONS);
        try (INDArray one = all.get(NDArrayIndex.interval(0, 1)).dup('c')) {
          for (int i = 0; i < 20; i++) {
            for (INDArray out : graph.output(false, one)) {
              out.close();
            }
          }
        }
        Nd4j.getExecutioner().setProfilingMode(ProfilingMode.DISABLED);
        OpProfiler.getInstance().printOutDashboard();
      }
    }
  }

  /** Layer kind -> the native helper DL4J attached ("none": DL4J's own Java/ND4J path). */
  private static Map<String, String> helpers(ComputationGraph graph) {
    Map<String, String> kinds = new TreeMap<>();
    for (GraphVertex vertex : graph.getVertices()) {
      if (vertex.hasLayer()) {
        var helper = vertex.getLayer().getHelper();
        kinds.merge(vertex.getLayer().conf().getLayer().getClass().getSimpleName(),
            helper == null ? "none" : helper.getClass().getSimpleName(),
            (a, b) -> a.equals(b) ? a : a + "/" + b);
      }
    }
    return kinds;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
