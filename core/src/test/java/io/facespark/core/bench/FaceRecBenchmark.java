package io.facespark.core.bench;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.model.facerec.FaceRecEmbedder;
import io.facespark.core.model.mobilefacenet.MobileFaceNetEmbedder;
import io.facespark.core.model.tfjs.NhwcConvolution;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.core.report.TextTable;
import io.facespark.testing.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of the recognition nets (facerec and mobilefacenet, each in turn in one run), against
 * ND4J's own float GEMM measured in the same run; ends with one line per model: faces/s at batch 32
 * on all cores and its fraction of GEMM GFLOP/s.
 *
 * <p>{@code bin/bench core FaceRecBenchmark [--models facerec,mobilefacenet] [--batches 1,8,32,64]
 * [--threads 1,N] [--seconds 3] [--no-im2col]}
 *
 * <p>Threads: the parent process re-launches itself once per thread count with
 * {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and {@code MKL_NUM_THREADS} set. Measured
 * here with ND4J 1.0.0-M2.1 (linux-x86_64-onednn): {@code OMP_NUM_THREADS}, read once when the
 * native library starts, is what bounds both the oneDNN convolutions and OpenBLAS's GEMM;
 * {@code OPENBLAS_NUM_THREADS} bounds only GEMM; {@code Nd4j.getEnvironment().setMaxThreads(1)} /
 * {@code setMaxMasterThreads(1)} bound neither (a child with only those still used 1.99 cores for
 * both). The child calls them anyway for libnd4j's own loops. The "cpu" column (process CPU time
 * / wall time) shows how many cores each row really used.
 *
 * <p>Each row: faces/s; achieved GFLOP/s = faces/s x the graph's FLOPs per face (2 x MACs of
 * every convolution and the projection, counted from the built graph); the ratio of that to the
 * GEMM GFLOP/s at the same thread count; depthwise convolutions count {@code 2 x k x k} per output
 * value. "im2col" rows build the same graph with DL4J's layer
 * helpers disabled (the slow path the oneDNN fix avoids).
 */
public final class FaceRecBenchmark {

  private static final String ROW = "ROW\t";
  private static final String DIRECT = "NHWC libnd4j op";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int[] batches = ints(options.getOrDefault("batches", "1,8,32,64"));
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
    if (options.containsKey("child")) {
      child(options.get("model"), Integer.parseInt(options.get("child")), batches, seconds, options.containsKey("im2col"));
      return;
    }
    // Every model in one run, so that each one's ratio to GEMM is taken under the same load.
    List<String> models = List.of(options.getOrDefault("model", options.getOrDefault("models", DEFAULT_MODELS)).split(","));
    for (String model : models) {
      if (!model.equals("facerec") && !model.equals("mobilefacenet")) {
        throw new IllegalArgumentException("--models takes facerec and/or mobilefacenet (comma-separated), got '"
            + model + "'");
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int[] threads = ints(options.getOrDefault("threads", cores == 1 ? "1" : "1," + cores));
    List<String[]> rows = new ArrayList<>();
    for (String model : models) {
      for (int t : threads) {
        rows.addAll(runChild(model, t, batches, seconds, false));
      }
      if (!options.containsKey("no-im2col")) {
        for (int t : threads) {
          rows.addAll(runChild(model, t, new int[] {batches[0], batches[batches.length - 1]}, seconds, true));
        }
      }
    }
    print(rows, cores);
    printSummary(rows, threads[threads.length - 1],
        Arrays.stream(batches).anyMatch(b -> b == 32) ? 32 : batches[batches.length - 1]);
  }

  private static final String DEFAULT_MODELS = "facerec,mobilefacenet";

  /** One line per model: faces/s at the largest thread count and batch 32 (else the largest), and the fraction of GEMM it achieves. */
  private static void printSummary(List<String[]> rows, int threads, int batch) {
    System.out.println();
    System.out.println("per model (" + threads + " thread(s), batch " + batch + ", oneDNN path):");
    for (String[] r : rows) {
      if (!r[0].equals("gemm") && !r[0].endsWith("im2col") && Integer.parseInt(r[1]) == threads
          && Integer.parseInt(r[2]) == batch) {
        System.out.printf(Locale.ROOT, "  %-14s %8s faces/s  %6s GFLOP/s  = %.2f of GEMM (%s GFLOP/s)  [%s GFLOP/face]%n",
            r[0], r[3], r[5], Double.parseDouble(r[5]) / Double.parseDouble(r[10]), r[10], r[8]);
      }
    }
  }

  // ---------------------------------------------------------------- parent

  private static List<String[]> runChild(String model, int threads, int[] batches, double seconds, boolean im2col)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    if (im2col) {
      command.add("-D" + OneDnnConvolution.HELPERS_DISABLE_PROPERTY + "=true");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), FaceRecBenchmark.class.getName(),
        "--model", model, "--child", Integer.toString(threads), "--batches", join(batches), "--seconds", Double.toString(seconds)));
    if (im2col) {
      command.add("--im2col");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    for (String var : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
      builder.environment().put(var, Integer.toString(threads));
    }
    System.err.printf(Locale.ROOT, "bench: %d thread(s)%s ...%n", threads, im2col ? ", helpers disabled" : "");
    Process process = builder.start();
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(ROW)) {
          rows.add(line.substring(ROW.length()).split("\t"));
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("benchmark child for " + threads + " thread(s) failed (exit "
          + process.exitValue() + "); see its output above");
    }
    return rows;
  }

  private static void print(List<String[]> rows, int cores) {
    TextTable table = new TextTable("what", "threads", "batch", "faces/s", "ms/face", "GFLOP/s", "cpu",
        "GEMM GFLOP/s", "vs GEMM", "conv helper");
    for (String[] r : rows) {
      boolean isGemm = r[0].equals("gemm");
      String gemm = isGemm ? r[5] : r[10];
      String ratio = isGemm ? "1.00"
          : String.format(Locale.ROOT, "%.2f", Double.parseDouble(r[5]) / Double.parseDouble(gemm));
      table.add(r[0], r[1], r[2], r[3], r[4], r[5], r[6], gemm, ratio, r[7]);
    }
    System.out.println();
    System.out.println("FaceRecBenchmark: face recognition net (DL4J) vs ND4J float GEMM, " + cores + " core(s)");
    System.out.println(table);
    rows.stream().filter(r -> !r[0].equals("gemm") && !r[0].endsWith("im2col"))
        .map(r -> "graph FLOPs per face, " + r[0] + ": " + r[8] + " GFLOP (" + r[9] + ")").distinct()
        .forEach(System.out::println);
    System.out.println("GEMM GFLOP/s: sgemm 1024^3 measured just before each row at the same thread count;"
        + " vs GEMM = achieved / that (goal >= 0.5); cpu = process CPU time / wall time (below the thread"
        + " count means other processes took the cores: OpenMP then stalls on the slowest thread).");
  }

  // ---------------------------------------------------------------- child

  private static void child(String model, int threads, int[] batches, double seconds, boolean im2col)
      throws Exception {
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    if (!im2col) {
      OneDnnConvolution.enable();
    }
    GemmProbe gemm = new GemmProbe();
    if (!im2col) {
      emit("gemm", threads, GemmProbe.N, Double.NaN, Double.NaN, gemm.gflops(seconds), gemm.lastCpu, "sgemm "
          + GemmProbe.N + "^3", "", "", Double.NaN);
    }
    try (FaceEmbedder embedder = FaceEmbedders.source(ModelSpec.parse(model), TestTimeAugmentation.NONE,
        TestData.models()).open()) {
      INDArray faces = realFaces(Arrays.stream(batches).max().orElseThrow(), embedder.inputSpec());
      ComputationGraph network = embedder instanceof MobileFaceNetEmbedder m ? m.network()
          : ((FaceRecEmbedder) embedder).network();
      String helper = helperName(network);
      if (!helper.equals(DIRECT) && im2col == !helper.equals("none")) {
        throw new IllegalStateException("expected helper " + (im2col ? "none" : "oneDNN") + ", got " + helper);
      }
      double[] flops = flopsPerFace(network, embedder.inputSpec());
      for (int batch : batches) {
        INDArray input = faces.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, batch)).dup();
        // GEMM again right before each row: on a shared machine the baseline must see the same load.
        double adjacentGemm = gemm.gflops(Math.min(1, seconds));
        Measured m = measure(() -> embedder.embed(input), seconds);
        double facesPerSecond = batch * m.callsPerSecond;
        emit(im2col ? model + " im2col" : model, threads, batch, facesPerSecond, 1000 / facesPerSecond,
            facesPerSecond * flops[0] / 1e9, m.cpu, helper,
            String.format(Locale.ROOT, "%.3f", flops[0] / 1e9),
            String.format(Locale.ROOT, "identity 1x1 channel-pad convs %.1f%% of it", 100 * flops[1] / flops[0]),
            adjacentGemm);
      }
    }
  }

  /** Square float SGEMM through ND4J (OpenBLAS here): the machine's practical peak for dense math. */
  private static final class GemmProbe {
    static final int N = 1024;
    final INDArray a = Nd4j.rand(DataType.FLOAT, N, N);
    final INDArray b = Nd4j.rand(DataType.FLOAT, N, N);
    final INDArray c = Nd4j.create(DataType.FLOAT, N, N);
    double lastCpu;

    double gflops(double seconds) {
      Measured m = measure(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), seconds);
      lastCpu = m.cpu;
      return m.callsPerSecond * 2.0 * N * N * N / 1e9;
    }
  }

  private record Measured(double callsPerSecond, double cpu) {
  }

  private static Measured measure(Runnable call, double seconds) {
    for (int i = 0; i < 2; i++) {
      call.run(); // warm-up: JIT, workspaces, oneDNN primitive caches
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    int calls = 0;
    long elapsed;
    do {
      call.run();
      calls++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < seconds * 1e9 || calls < 3);
    double cpu = (os.getProcessCpuTime() - cpu0) / (double) elapsed;
    return new Measured(calls / (elapsed / 1e9), cpu);
  }

  /** {total, of which channel-padding convs}: see {@link GraphFlops}. */
  static double[] flopsPerFace(ComputationGraph network, InputSpec spec) {
    Map<String, Double> flops = GraphFlops.perVertex(network, 1, 3, spec.height(), spec.width());
    double total = flops.values().stream().mapToDouble(Double::doubleValue).sum();
    double padding = flops.entrySet().stream().filter(e -> e.getKey().endsWith(".zero_channels"))
        .mapToDouble(Map.Entry::getValue).sum();
    return new double[] {total, padding};
  }

  /**
   * The helper of the first dense 3x3 convolution (the layer kind the oneDNN fix is about), or
   * {@value #DIRECT} for the NHWC nets, whose layers call libnd4j themselves whatever the helper
   * setting (their "im2col" rows run the same path).
   */
  private static String helperName(ComputationGraph network) {
    for (GraphVertex vertex : network.getVertices()) {
      if (vertex.hasLayer() && vertex.getLayer().conf().getLayer() instanceof ConvolutionLayer conv
          && !(conv instanceof DepthwiseConvolution2D) && conv.getKernelSize()[0] == 3) {
        if (conv instanceof NhwcConvolution) {
          return DIRECT;
        }
        var helper = vertex.getLayer().getHelper();
        return helper == null ? "none" : helper.getClass().getSimpleName();
      }
    }
    throw new IllegalStateException("no 3x3 convolution in the graph");
  }

  /** The first {@code n} LFW images (sorted), cut with the model's default crop: real faces, not noise. */
  private static INDArray realFaces(int n, InputSpec spec) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(TestData.lfwDir().resolve("lfw-deepfunneled"))) {
      files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
    }
    ImageDecoder decoder = new ImageDecoder();
    FaceCrop crop = FaceCrop.of(FaceCrop.lfwBox(spec.chip()));
    List<INDArray> chips = new ArrayList<>();
    for (Path file : files) {
      try (Mat image = decoder.decode(Files.readAllBytes(file))) {
        chips.add(crop.extract(image, FaceLocation.WHOLE_IMAGE, spec));
      }
    }
    return Nd4j.concat(0, chips.toArray(new INDArray[0]));
  }

  private static void emit(String what, int threads, int batch, double facesPerSecond, double msPerFace,
                           double gflops, double cpu, String helper, String flops, String note, double gemm) {
    System.out.println(ROW + String.join("\t", what, Integer.toString(threads), Integer.toString(batch),
        fmt(facesPerSecond, "%.1f"), fmt(msPerFace, "%.1f"), fmt(gflops, "%.1f"), fmt(cpu, "%.2f"),
        helper, flops, note, fmt(gemm, "%.1f")));
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options: --models facerec,mobilefacenet (default both; --model one)"
            + " --batches 1,8,32,64"
            + " --threads 1,N --seconds 3 --no-im2col");
      }
      String key = args[i].substring(2);
      boolean flag = key.equals("im2col") || key.equals("no-im2col") || i + 1 >= args.length || args[i + 1].startsWith("--");
      options.put(key, flag ? "" : args[++i]);
    }
    return options;
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  private static String join(int[] values) {
    return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
  }

  private FaceRecBenchmark() {
  }
}
