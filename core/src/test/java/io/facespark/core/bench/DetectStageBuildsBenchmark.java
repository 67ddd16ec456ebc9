package io.facespark.core.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.model.ModelPackage;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The default detect stage (BlazeFace with its second passes, the 68-point net, alignment to a
 * 150 px chip) of this checkout against another build's, in one JVM, interleaved, on the same 640
 * px photos as {@code DetectBenchmark}: CPU time of the calling thread per photo. On a shared
 * machine two separate runs differ by more than a 10% change; in one JVM, both builds see the same
 * load, JIT and native library (each build's classes in its own class loader; ND4J, DL4J and
 * OpenCV shared).
 *
 * <pre>git archive BASE | tar -x -C /tmp/base &amp;&amp; (cd /tmp/base &amp;&amp; ./mvnw -q -pl core -am compile)
 * OMP_NUM_THREADS=1 bin/bench core DetectStageBuildsBenchmark --other /tmp/base/core/target/classes [--rounds 16]</pre>
 */
public final class DetectStageBuildsBenchmark {

  private static final int PASSES_PER_TURN = 5;

  private DetectStageBuildsBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String other = DetectBenchmark.option(args, "--other", null);
    if (other == null || !Files.isDirectory(Path.of(other, "io/facespark/core/detect"))) {
      throw new IllegalArgumentException("--other must name another build's core/target/classes directory, got "
          + other + " (see the class comment for how to build one)");
    }
    int rounds = Integer.parseInt(DetectBenchmark.option(args, "--rounds", "16"));
    List<Mat> photos = new ArrayList<>();
    for (Path file : DetectionSets.lfwSample(1000).subList(0, 8)) {
      Mat scaled = new Mat();
      resize(DetectionSets.decode(file), scaled, new Size(640, 640), 0, 0, INTER_LINEAR);
      photos.add(scaled);
    }
    Path thisBuild = Path.of(io.facespark.core.detect.BlazeFaceNet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Stage[] stages = {Stage.load("other (" + other + ")", Path.of(other)), Stage.load("this checkout", thisBuild)};
    var threads = ManagementFactory.getThreadMXBean();
    double[] cpu = new double[2];
    int[] counted = new int[2];
    int[] faces = new int[2];
    for (int round = 0; round < rounds; round++) {
      for (int s = 0; s < stages.length; s++) {
        long start = threads.getCurrentThreadCpuTime();
        int found = 0;
        for (int pass = 0; pass < PASSES_PER_TURN; pass++) {
          found += stages[s].run(photos);
        }
        if (round >= rounds / 4) { // the first quarter is warm-up (JIT, workspaces, oneDNN caches)
          cpu[s] += threads.getCurrentThreadCpuTime() - start;
          counted[s] += PASSES_PER_TURN * photos.size();
          faces[s] += found;
        }
      }
    }
    for (int s = 0; s < stages.length; s++) {
      System.out.printf(Locale.ROOT, "%s: %.2f ms CPU a photo, %.3f faces a photo%n", stages[s].name,
          cpu[s] / 1e6 / counted[s], (double) faces[s] / counted[s]);
    }
    System.out.printf(Locale.ROOT, "this checkout / other, CPU a photo: %.3f (%d rounds, the first %d not counted)%n",
        (cpu[1] / counted[1]) / (cpu[0] / counted[0]), rounds, rounds / 4);
  }

  /** One build's stage, reached by reflection through its own class loader. */
  private record Stage(String name, Object locator, Object aligner, Object spec, Method locate, Method extract) {

    static Stage load(String name, Path classes) throws Exception {
      ClassLoader loader = new ChildFirst(classes, DetectStageBuildsBenchmark.class.getClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> netType = loader.loadClass("io.facespark.core.detect.BlazeFaceNet");
      Class<?> locatorType = loader.loadClass("io.facespark.core.pipeline.FaceLocator");
      Class<?> detectorType = loader.loadClass("io.facespark.core.detect.BlazeFaceDetector");
      Class<?> passesType = loader.loadClass("io.facespark.core.detect.MultiPassFaceLocator");
      Class<?> landmarksType = loader.loadClass("io.facespark.core.detect.FaceLandmarks68");
      Class<?> markedType = loader.loadClass("io.facespark.core.detect.LandmarkedFaceLocator");
      Class<?> alignerType = loader.loadClass("io.facespark.core.align.Aligner");
      Class<?> specType = loader.loadClass("io.facespark.core.model.InputSpec");
      Class<?> orderType = loader.loadClass("io.facespark.core.model.InputSpec$ChannelOrder");
      Object net = netType.getMethod("load", Path.class).invoke(null, TestData.models().requireVerified(ModelPackage.HUMAN_MODELS));
      // As DetectorSource builds the default stage (score 0.6, minimum face 20 px, passes 0.75, 0.5, 2000, 1024).
      Object detector = detectorType.getConstructor(netType, double.class, int.class).newInstance(net, 0.6, 20);
      Object passes = passesType.getConstructor(locatorType, double.class, double.class, int.class, int.class)
          .newInstance(detector, 0.75, 0.5, 2000, 1024);
      Object landmarks = landmarksType.getMethod("load", Path.class).invoke(null, TestData.models().requireVerifiedModelDir());
      Object marked = markedType.getConstructor(locatorType, landmarksType).newInstance(passes, landmarks);
      Object spec = specType.getConstructor(int.class, int.class, orderType).newInstance(150, 150, orderType.getField("RGB").get(null));
      return new Stage(name, marked, alignerType.getMethod("dlib").invoke(null), spec, markedType.getMethod("locate", Mat.class),
          alignerType.getMethod("extract", Mat.class, loader.loadClass("io.facespark.core.pipeline.FaceLocation"), specType));
    }

    int run(List<Mat> photos) throws Exception {
      int faces = 0;
      for (Mat photo : photos) {
        for (Object face : (List<?>) locate.invoke(locator, photo)) {
          ((AutoCloseable) extract.invoke(aligner, photo, face, spec)).close();
          faces++;
        }
      }
      return faces;
    }
  }

  /** The project's own classes from one build's directory; everything else (ND4J, OpenCV) shared. */
  private static final class ChildFirst extends URLClassLoader {

    ChildFirst(Path classes, ClassLoader parent) throws Exception {
      super(new URL[] {classes.toUri().toURL()}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.facespark.core.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          type = findClass(name);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }
  }
}
