package io.facespark.core.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.detect.SsdMobileNetV1;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.core.report.TextTable;
import io.facespark.testing.TestData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Throughput of the detect stage on the six demo photos resized to 640 and 1920 px wide:
 * SSD detector only (the baseline, measured in the same run), detector + 68 landmarks per face,
 * and detector + landmarks + alignment to a 150x150 chip per face.
 *
 * <p>{@code bin/bench core DetectBenchmark [--seconds 5]}. One JVM, one calling thread; ND4J uses
 * {@code OMP_NUM_THREADS} (default: all cores) inside each call; set it to 1 on a shared machine
 * (OpenMP threads that lose their core to another process stall the others: measured here 10x
 * slower with 2 threads on 2 busy cores). Decoding is not timed; the
 * stages are measured interleaved (see {@link #measureInterleaved}).
 */
public final class DetectBenchmark {

  private static final InputSpec CHIP = new InputSpec(150, 150, InputSpec.ChannelOrder.RGB);

  public static void main(String[] args) throws Exception {
    double seconds = args.length == 2 && args[0].equals("--seconds") ? Double.parseDouble(args[1]) : 5;
    OneDnnConvolution.enable();
    Path models = TestData.models().requireVerifiedModelDir();
    List<Mat> originals = new ArrayList<>();
    ImageDecoder decoder = new ImageDecoder();
    for (int i = 1; i <= 6; i++) {
      originals.add(decoder.decode(Files.readAllBytes(TestData.models().demoDir().resolve("sample" + i + ".jpg"))));
    }
    TextTable table = new TextTable("width", "stage", "images/s", "ms/image", "faces/image", "vs detect only", "cpu");
    try (SsdMobileNetV1 net = SsdMobileNetV1.load(models); FaceLandmarks68 landmarks = FaceLandmarks68.load(models)) {
      SsdFaceDetector detector = new SsdFaceDetector(net, SsdFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
      LandmarkedFaceLocator withLandmarks = new LandmarkedFaceLocator(detector, landmarks);
      Aligner aligner = Aligner.dlib();
      for (int width : new int[] {640, 1920}) {
        List<Mat> photos = resized(originals, width);
        Stage detect = image -> detector.locate(image).size();
        Stage marks = image -> withLandmarks.locate(image).size();
        Stage align = image -> {
          List<FaceLocation> faces = withLandmarks.locate(image);
          faces.forEach(face -> aligner.extract(image, face, CHIP).close());
          return faces.size();
        };
        Measured[] m = measureInterleaved(photos, new Stage[] {detect, marks, align}, seconds);
        add(table, width, "detect (SSD MobileNet v1)", m[0], m[0]);
        add(table, width, "detect + landmarks68", m[1], m[0]);
        add(table, width, "detect + landmarks68 + align 150", m[2], m[0]);
      }
    }
    System.out.println();
    String omp = System.getenv("OMP_NUM_THREADS");
    System.out.println("DetectBenchmark: six demo photos, " + Runtime.getRuntime().availableProcessors()
        + " core(s), OMP_NUM_THREADS=" + (omp == null ? "unset (all cores)" : omp)
        + ", conv helper " + (OneDnnConvolution.active() ? "oneDNN" : "none (slow im2col path)"));
    System.out.println(table);
    System.out.println("cpu = process CPU time / wall time. The SSD always runs at 512x512, so the width only"
        + " changes the input preparation (pad + resize) cost.");
  }

  private interface Stage {
    int run(Mat image);
  }

  private record Measured(double imagesPerSecond, double facesPerImage, double cpu) {
  }

  /**
   * Round-robin over the stages, one pass over the photos each, until every stage has had
   * {@code seconds}: on a shared machine all stages then see the same mix of load, so their
   * ratios hold even when the absolute numbers drift.
   */
  private static Measured[] measureInterleaved(List<Mat> photos, Stage[] stages, double seconds) {
    for (Stage stage : stages) {
      photos.forEach(stage::run); // warm-up: JIT, workspaces, oneDNN primitive caches
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] nanos = new long[stages.length];
    long[] cpu = new long[stages.length];
    long[] faces = new long[stages.length];
    int rounds = 0;
    do {
      for (int s = 0; s < stages.length; s++) {
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (Mat photo : photos) {
          faces[s] += stages[s].run(photo);
        }
        nanos[s] += System.nanoTime() - start;
        cpu[s] += os.getProcessCpuTime() - cpu0;
      }
      rounds++;
    } while (java.util.Arrays.stream(nanos).min().orElseThrow() < seconds * 1e9);
    Measured[] out = new Measured[stages.length];
    int images = rounds * photos.size();
    for (int s = 0; s < stages.length; s++) {
      out[s] = new Measured(images / (nanos[s] / 1e9), (double) faces[s] / images, (double) cpu[s] / nanos[s]);
    }
    return out;
  }

  private static void add(TextTable table, int width, String stage, Measured m, Measured baseline) {
    table.add(width, stage, String.format(Locale.ROOT, "%.1f", m.imagesPerSecond()),
        String.format(Locale.ROOT, "%.1f", 1000 / m.imagesPerSecond()),
        String.format(Locale.ROOT, "%.2f", m.facesPerImage()),
        String.format(Locale.ROOT, "%.2f", m.imagesPerSecond() / baseline.imagesPerSecond()),
        String.format(Locale.ROOT, "%.2f", m.cpu()));
  }

  private static List<Mat> resized(List<Mat> photos, int width) {
    List<Mat> out = new ArrayList<>();
    for (Mat photo : photos) {
      Mat scaled = new Mat();
      int height = (int) Math.round(photo.rows() * (double) width / photo.cols());
      resize(photo, scaled, new Size(width, height), 0, 0, INTER_AREA);
      out.add(scaled);
    }
    return out;
  }
}
