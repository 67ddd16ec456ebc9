package io.facespark.core.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.detect.MultiPassFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.detect.SsdMobileNetV1;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.core.report.TextTable;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Detection measured as the issue states its goals, every detector on the same sets in one run:
 * recall on a fixed LFW deep-funneled sample, on tight crops built from LFW, on the demo photos'
 * 22 faces; false detections per 100 face-free images; throughput of detect + landmarks + align
 * against the recognition net in the same run; and where the SSD's time (1920 px) and the default
 * stage's time (640 px, one face) go.
 *
 * <pre>bin/bench core DetectBenchmark [--detectors ssd,ssd-0.2] [--lfw 1000] [--tight 400]
 *     [--free 100] [--seconds 5] [--no-recall] [--no-speed] [--export DIR]</pre>
 *
 * <p>Sets ({@link DetectionSets}, no detector involved in building them): LFW = {@code --lfw}
 * images evenly spaced over all 13,233, found = a face whose centre is in the dataset's face box;
 * tight = {@code --tight} other LFW images cut to that box, 100 px high, half grayscale, found =
 * any face; demo = each hand-checked face matched to at most one detection whose centre it
 * contains ("+n": n unmatched detections); 36 LFW faces = the first 36 sample images in a 6x6
 * mosaic (1500 px); small faces = the demo photos in a 3x2 mosaic 3840 px wide (faces 100-150 px);
 * free = face-free tiles of the demo photos
 * and synthetic textures, every detection is false.
 *
 * <p>{@code --export DIR} writes the sets as files instead (PNG, and lists of LFW paths and demo
 * faces with their boxes) so that a reference implementation can be measured on the very same images.
 *
 * <p>Speed: 640 px = LFW images (one face) scaled to 640x640; 1920 px = the demo photos (3-6
 * faces). One calling thread; ND4J uses {@code OMP_NUM_THREADS} (default all cores) inside each
 * call: set it to 1 on a shared machine. The stages and the recognition net (batches of 32
 * aligned chips) are measured interleaved, round-robin, so their ratio holds when the machine's
 * load drifts. Decoding is not timed.
 */
public final class DetectBenchmark {

  private static final int RECOGNITION_BATCH = 32;
  private static final long SLICE_NANOS = 200_000_000L;
  private static final long WARM_UP_NANOS = 2_000_000_000L;
  private static final long WARM_UP_LIMIT_NANOS = 60_000_000_000L;

  private DetectBenchmark() {
  }

  /** The detect stages a user can pick, by name, built on the model directory; each one thread. */
  static Map<String, Function<Path, FaceLocator>> detectors() {
    Map<String, Function<Path, FaceLocator>> detectors = new LinkedHashMap<>();
    detectors.put("ssd", SsdFaceDetector::load);
    detectors.put("ssd-0.2", dir -> new SsdFaceDetector(SsdMobileNetV1.load(dir), 0.2, 20));
    detectors.put("ssd+passes", dir -> new MultiPassFaceLocator(SsdFaceDetector.load(dir), 0.75, 0.5, 2000, 1024));
    for (double score : new double[] {0.5, 0.6, 0.65, 0.7, 0.75, 0.8}) {
      detectors.put("blazeface-" + score, dir -> blazeFace(score));
    }
    detectors.put("blazeface", dir -> blazeFace(BlazeFaceDetector.DEFAULT_MIN_SCORE));
    // --det-passes multi: the default stage without the zoomed look.
    detectors.put("blazeface+passes", dir -> new MultiPassFaceLocator(blazeFace(BlazeFaceDetector.DEFAULT_MIN_SCORE),
        0.75, 0.5, 2000, 1024));
    // --det-passes zoom: the default stage, as DetectorSource builds it.
    detectors.put("blazeface+passes+zoom", dir -> new MultiPassFaceLocator(
        blazeFace(BlazeFaceDetector.DEFAULT_MIN_SCORE), DetectorSource.EXTRA_PASS_MIN_SCORE, DetectorSource.PASS_PADDING,
        DetectorSource.TILE_ABOVE, DetectorSource.TILE_SIZE, DetectorSource.ZOOM_FLOOR, DetectorSource.ZOOM_SCALE,
        DetectorSource.ZOOM_LIMIT));
    return detectors;
  }

  private static BlazeFaceDetector blazeFace(double minScore) {
    return new BlazeFaceDetector(BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        minScore, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
  }

  /** GFLOP of one detector pass over a photo (the detector's net at its fixed input size). */
  private static String gflops(Path models) {
    try (SsdMobileNetV1 ssd = SsdMobileNetV1.load(models);
         BlazeFaceNet blaze = BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS))) {
      return String.format(Locale.ROOT, "GFLOP per detector pass: ssd %.2f (512x512), blazeface %.3f (256x256)",
          GraphFlops.total(ssd.network(), 1, 3, 512, 512) / 1e9,
          GraphFlops.total(blaze.network(), 1, 3, BlazeFaceNet.INPUT_SIZE, BlazeFaceNet.INPUT_SIZE) / 1e9);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> names = List.of(option(args, "--detectors", "ssd").split(","));
    int lfwCount = Integer.parseInt(option(args, "--lfw", "1000"));
    int tightCount = Integer.parseInt(option(args, "--tight", "400"));
    int freeCount = Integer.parseInt(option(args, "--free", "100"));
    double seconds = Double.parseDouble(option(args, "--seconds", "5"));
    boolean recall = !Arrays.asList(args).contains("--no-recall");
    boolean speed = !Arrays.asList(args).contains("--no-speed");
    OneDnnConvolution.enable();
    Path models = TestData.models().requireVerifiedModelDir();
    for (String name : names) {
      if (!detectors().containsKey(name)) {
        throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + detectors().keySet());
      }
    }

    List<DetectionSets.Photo> demo = DetectionSets.demoPhotos();
    TextTable recallTable = new TextTable("detector", "LFW", "tight", "demo", "36 LFW faces", "small faces",
        "false/100 free", "faces by pass", "s");
    TextTable speedTable = new TextTable("detector", "photos", "photos/s", "faces/photo", "faces/s", "recognition faces/s",
        "ratio", "ratio per CPU second", "detect only photos/s", "cores used (detect+landmarks+align)",
        "cores used (recognition)");
    List<Path> lfw = DetectionSets.lfwSample(lfwCount);
    List<Mat> tight = recall ? DetectionSets.tightCrops(tightCount) : List.of();
    List<Mat> free = recall ? DetectionSets.faceFree(freeCount) : List.of();
    DetectionSets.Photo many = DetectionSets.mosaic("36 LFW faces", DetectionSets.lfwPhotos(lfw.subList(0, 36)), 6, 250);
    DetectionSets.Photo small = DetectionSets.mosaic("demo photos 3x2", demo, 3, 1280);
    List<Mat> photos640 = new ArrayList<>();
    for (Path file : lfw.subList(0, 8)) {
      Mat scaled = new Mat();
      resize(DetectionSets.decode(file), scaled, new Size(640, 640), 0, 0, INTER_LINEAR);
      photos640.add(scaled);
    }
    List<Mat> photos1920 = demo.stream().map(DetectionSets.Photo::image).toList();
    String export = option(args, "--export", null);
    if (export != null) {
      DetectionSets.export(Path.of(export), lfw, tight, free);
      return;
    }

    try (FaceLandmarks68 landmarks = FaceLandmarks68.load(models);
         FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE)) {
      Aligner aligner = Aligner.dlib();
      for (String name : names) {
        FaceLocator detector = detectors().get(name).apply(models);
        if (recall) {
          long start = System.nanoTime();
          Map<String, Integer> passes = new java.util.TreeMap<>();
          Function<Mat, List<FaceLocation>> run = image -> {
            List<FaceLocation> faces = detector.locate(image);
            faces.forEach(face -> passes.merge(face.pass() == null ? "single" : face.pass(), 1, Integer::sum));
            return faces;
          };
          int lfwFound = 0;
          for (Path file : lfw) {
            Mat image = DetectionSets.decode(file);
            DetectionSets.Box face = DetectionSets.lfwFace(image);
            lfwFound += run.apply(image).stream().anyMatch(face::containsCentreOf) ? 1 : 0;
          }
          int tightFound = (int) tight.stream().filter(image -> !run.apply(image).isEmpty()).count();
          int[] demoScore = matched(demo, run);
          int[] manyScore = matched(List.of(many), run);
          int[] smallScore = matched(List.of(small), run);
          int falseDetections = free.stream().mapToInt(image -> run.apply(image).size()).sum();
          recallTable.add(name, share(lfwFound, lfw.size()), share(tightFound, tight.size()),
              demoScore[0] + "/" + demoScore[2] + " +" + demoScore[1],
              manyScore[0] + "/" + manyScore[2] + " +" + manyScore[1],
              smallScore[0] + "/" + smallScore[2] + " +" + smallScore[1],
              String.format(Locale.ROOT, "%.1f (%d in %d)", 100.0 * falseDetections / free.size(), falseDetections, free.size()),
              passes.toString(), String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9));
        }
        if (speed) {
          LandmarkedFaceLocator marked = new LandmarkedFaceLocator(detector, landmarks);
          INDArray batch = recognitionBatch(photos1920, marked, aligner, embedder);
          for (List<Mat> photos : List.of(photos640, photos1920)) {
            Task full = () -> {
              int faces = 0;
              for (Mat photo : photos) {
                List<FaceLocation> located = marked.locate(photo);
                located.forEach(face -> aligner.extract(photo, face, embedder.inputSpec()).close());
                faces += located.size();
              }
              return new Work(photos.size(), faces);
            };
            Task detectOnly = () -> {
              int faces = 0;
              for (Mat photo : photos) {
                faces += detector.locate(photo).size();
              }
              return new Work(photos.size(), faces);
            };
            Task recognise = () -> {
              embedder.embed(batch);
              return new Work(0, RECOGNITION_BATCH);
            };
            Rate[] rates = interleaved(new Task[] {full, detectOnly, recognise}, seconds);
            speedTable.add(name, photos.size() + " x " + photos.get(0).cols() + " px", fmt(rates[0].photosPerSecond()),
                String.format(Locale.ROOT, "%.2f", rates[0].facesPerSecond() / rates[0].photosPerSecond()),
                fmt(rates[0].facesPerSecond()), fmt(rates[2].facesPerSecond()),
                String.format(Locale.ROOT, "1/%.1f", rates[2].facesPerSecond() / rates[0].facesPerSecond()),
                String.format(Locale.ROOT, "1/%.1f", rates[2].facesPerCpuSecond() / rates[0].facesPerCpuSecond()),
                fmt(rates[1].photosPerSecond()), rates[0].cpuByThread(), rates[2].cpuByThread());
          }
        }
        if (detector instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
      String omp = System.getenv("OMP_NUM_THREADS");
      System.out.println();
      System.out.println("DetectBenchmark: " + Runtime.getRuntime().availableProcessors() + " core(s), OMP_NUM_THREADS="
          + (omp == null ? "unset (all cores)" : omp) + ", conv helper "
          + (OneDnnConvolution.active() ? "oneDNN" : "none (slow im2col path)"));
      if (recall) {
        System.out.println("Recall: LFW = " + lfw.size() + " deep-funneled images evenly spaced over all; tight = "
            + tight.size() + " LFW face-box crops, 100 px high, half grayscale; demo = hand-checked faces of the 6"
            + " demo photos; free = " + free.size() + " face-free images (" + freeCount / 2 + " demo background tiles, "
            + (freeCount - freeCount / 2) + " synthetic textures)");
        System.out.println(recallTable);
      }
      System.out.println(gflops(models));
      if (speed) {
        System.out.println("Throughput: detect + 68 landmarks + align to " + embedder.inputSpec().width()
            + " px chips per photo; recognition = the facerec net on batches of " + RECOGNITION_BATCH
            + " aligned chips, same run, interleaved; ratio = detection faces/s : recognition faces/s (goal >= 1/3);"
            + " cores used = CPU time / wall time while the task ran: the calling thread + the JVM's other threads by"
            + " kind (above 1: the task borrowed a second core, for its JIT say); ratio per CPU second = the same"
            + " ratio from faces per second of process CPU time (robust to other processes' load; counts the"
            + " borrowed cores against the task)");
        System.out.println(speedTable);
        if (names.contains("ssd")) {
          System.out.println(SsdProfile.measure(models, landmarks, aligner, embedder, photos1920, seconds));
        }
        if (names.contains("blazeface+passes")) {
          System.out.println(BlazeFaceProfile.measure(landmarks, aligner, embedder, photos640, "640 px, one face", seconds));
        }
      }
    }
  }

  /** {found, extra detections, faces}: each face matched to at most one detection whose centre it contains. */
  private static int[] matched(List<DetectionSets.Photo> photos, Function<Mat, List<FaceLocation>> detector) {
    int found = 0;
    int extra = 0;
    int total = 0;
    for (DetectionSets.Photo photo : photos) {
      List<FaceLocation> detections = new ArrayList<>(detector.apply(photo.image()));
      for (DetectionSets.Box face : photo.faces()) {
        total++;
        var match = detections.stream().filter(face::containsCentreOf).findFirst();
        if (match.isPresent()) {
          detections.remove(match.get());
          found++;
        }
      }
      extra += detections.size();
    }
    return new int[] {found, extra, total};
  }

  private static INDArray recognitionBatch(List<Mat> photos, FaceLocator located, Aligner aligner, FaceEmbedder embedder) {
    List<INDArray> chips = new ArrayList<>();
    for (int i = 0; chips.size() < RECOGNITION_BATCH; i++) {
      Mat photo = photos.get(i % photos.size());
      for (FaceLocation face : located.locate(photo)) {
        chips.add(aligner.extract(photo, face, embedder.inputSpec()));
      }
      if (i > 10 * photos.size() && chips.isEmpty()) {
        throw new IllegalStateException("the detector found no face in the demo photos: nothing to recognise");
      }
    }
    return Nd4j.concat(0, chips.subList(0, RECOGNITION_BATCH).toArray(new INDArray[0]));
  }

  /** One timed unit: a pass over some photos, or one recognition batch. */
  interface Task {
    Work run();
  }

  record Work(int photos, int faces) {
  }

  /** {@code cpu}: process CPU time / wall time; {@code threadCpu}: CPU nanoseconds by {@link ThreadCpu#KINDS}. */
  record Rate(double photosPerSecond, double facesPerSecond, double cpu, double[] threadCpu, double nanos) {

    /** Faces per second of process CPU time: what the task would do on one core to itself, load aside. */
    double facesPerCpuSecond() {
      return facesPerSecond / cpu;
    }

    String cpuByThread() {
      return ThreadCpu.describe(threadCpu, nanos);
    }
  }

  /**
   * Round-robin over the tasks until every one has had {@code seconds}: on a shared machine all
   * then see the same mix of load, so their ratios hold when the absolute numbers drift.
   */
  static Rate[] interleaved(Task[] tasks, double seconds) {
    warmUp(tasks);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] nanos = new long[tasks.length];
    long[] cpu = new long[tasks.length];
    long[] photos = new long[tasks.length];
    long[] faces = new long[tasks.length];
    double[][] threadCpu = new double[tasks.length][ThreadCpu.KINDS.length];
    do {
      for (int t = 0; t < tasks.length; t++) {
        double[] threads0 = ThreadCpu.snapshot();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long spent;
        do { // fast tasks repeat so that each gets a comparable slice of every round
          Work work = tasks[t].run();
          photos[t] += work.photos();
          faces[t] += work.faces();
          spent = System.nanoTime() - start;
        } while (spent < SLICE_NANOS);
        nanos[t] += spent;
        cpu[t] += os.getProcessCpuTime() - cpu0;
        double[] threads1 = ThreadCpu.snapshot();
        for (int k = 0; k < threads1.length; k++) {
          threadCpu[t][k] += threads1[k] - threads0[k];
        }
      }
    } while (Arrays.stream(nanos).min().orElseThrow() < seconds * 1e9);
    Rate[] rates = new Rate[tasks.length];
    for (int t = 0; t < tasks.length; t++) {
      double s = nanos[t] / 1e9;
      rates[t] = new Rate(photos[t] / s, faces[t] / s, cpu[t] / (double) nanos[t], threadCpu[t], nanos[t]);
    }
    return rates;
  }

  /**
   * Runs the tasks round-robin until the JIT has settled: workspaces, oneDNN primitive caches and
   * compiled code. One call each was not enough: the C2 compiler threads then worked through the
   * timed slices, 0.1-0.2 of a core on top of the task's own (ThreadCpu), a second core that a
   * one-core executor would not lend, and its work done during one task's slice was for another's
   * code. So: rounds of at least 2 s until one spends under 2% of its time in the JIT (at most 60 s).
   */
  private static void warmUp(Task[] tasks) {
    long deadline = System.nanoTime() + WARM_UP_LIMIT_NANOS;
    double jitShare;
    do {
      double jit0 = ThreadCpu.snapshot()[1];
      long start = System.nanoTime();
      do {
        for (Task task : tasks) {
          task.run();
        }
      } while (System.nanoTime() - start < WARM_UP_NANOS);
      jitShare = (ThreadCpu.snapshot()[1] - jit0) / (System.nanoTime() - start);
    } while (jitShare >= 0.02 && System.nanoTime() < deadline);
  }

  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static String share(int found, int total) {
    return String.format(Locale.ROOT, "%.2f%% (%d/%d)", 100.0 * found / total, found, total);
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
