package io.facespark.jobs.bench;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import io.facespark.core.platform.NativeThreads;
import io.facespark.core.report.TextTable;
import io.facespark.jobs.FaceSpark;
import io.facespark.jobs.launcher.Launcher;
import io.facespark.jobs.spark.StageProfile;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * End-to-end embed job throughput against pure model forward speed at several run sizes, in one
 * JVM and one run: where the job's fixed costs (Spark session, listing, model load, scheduling,
 * the Parquet commit, the summary) stop mattering.
 *
 * <pre>bin/bench jobs EmbedBenchmark [--sizes 100,2000,all] [--quick] [--inputs directory,manifest] [--batch-size 32] [--repeat 1] [--cold]</pre>
 *
 * {@code --quick} is {@code --sizes 100,2000} (skips full LFW, 13,233 images). {@code --repeat N} runs
 * each size and input N times in turn (a row each, then their medians): one run's ratio on a shared
 * machine moves by a tenth. Five untimed 100-image runs come first, so every timed run is a warm
 * one (see {@link #warmUp}). Each size embeds
 * the first N images of LFW deep-funneled (sorted paths) given each way in {@code --inputs}: a
 * {@code directory} in LFW's {@code <person>/<file>} layout (symbolic links to the images: listed
 * and counted on the driver) and a {@code manifest} (.csv: read, de-duplicated and counted by
 * Spark). The job runs with its defaults, {@code --detect none --model facerec}: the setting of the "181 images/s on
 * full LFW" figure, so detection and alignment are not part of what is compared. Each size runs
 * the job on a fresh embedded local[*] session, timed from the command's start to its exit
 * exactly as {@code bin/facespark embed} runs it (session start, listing, model load and
 * broadcast, read, decode, crop, embed, Parquet write, summary); the JVM itself is warm, so a
 * user's cold launcher start is not included. Pure forward feeds the same model pre-cropped real
 * LFW chips in batches of the same size, two ways, before and after each job (each figure the mean
 * of the two): from one thread, its native kernels on every core (the baseline), and from
 * one thread per core, each with its own model and one native thread (the way the job's tasks call
 * it, see {@code TaskNativeThreads}; the faster of the two on this machine). {@code job/forward}
 * is against the one-thread forward, {@code job/best forward} against the faster one. Spark's
 * per-job and per-stage times for each size come from {@link StageProfile} registered as a
 * listener of that session.
 *
 * <p>{@code --cold} adds, for each size, what a user's command costs: {@code bin/facespark embed} on the
 * directory in a new JVM (launcher, JVM start, class loading and JIT included), with the class
 * archive the launcher records ({@code bin/lib/class-archive.sh}; one untimed run records it
 * first) and with {@code FACESPARK_CLASS_ARCHIVE=0}, in turn, {@code --repeat} times each. Their
 * job/forward uses the pure forward measured around the size's in-JVM runs.
 *
 * <p>CPU columns: milliseconds of this JVM's CPU (every thread, OpenMP workers included) per image,
 * for the job (start to exit) and for the pure forward. On a shared machine wall times mostly
 * show the others' load; CPU per image shows threads that spin waiting for each other. The job's
 * CPU is split further: its tasks' threads (Spark's task CPU time, {@link StageProfile}) and the
 * JIT compiler ({@code CompilationMXBean}: the compiler threads' time spent compiling while the
 * job ran, elapsed rather than CPU; on a core count this small, time taken from the tasks). The
 * rest is the driver, GC and Spark's own threads.
 */
public final class EmbedBenchmark {

  /** Enough forward batches for a stable rate even when the job run is small. */
  private static final int MIN_FORWARD_IMAGES = 1_000;
  private static final int MAX_FORWARD_IMAGES = 3_000;
  /** The untimed runs' size: enough batches to load every class and compile the hot paths. */
  private static final int WARM_UP_IMAGES = 100;
  /**
   * Untimed runs before the first timed one. Measured on the 2-core machine (JIT seconds per
   * 100-image run: 9.0, 2.5, 2.7, 2.1, 1.7, then 1.6-2.1 to the 14th): compilation settles from
   * the fifth run on. What stays is the per-session part (see {@link #warmUp}). The first timed
   * run still compiles more than later ones (2.7-3.3 ms per image at 2,000 images, against
   * 0.9-1.8); 500-image warm-up runs did not change that, so they stay small.
   */
  private static final int WARM_UP_RUNS = 5;

  private record Result(int images, String input, double jobSeconds, double sparkSeconds, int sparkJobs, double jobRate,
                        double forwardRate, double perCoreForwardRate, double jobCpuMs, double taskCpuMs, double jitMs,
                        double forwardCpuMs, String load,
                        String profile) {

    double bestForwardRate() {
      return Math.max(forwardRate, perCoreForwardRate);
    }
  }

  /** Pure forward: images/s, and CPU milliseconds (every thread of the JVM) per image. */
  private record Forward(double rate, double cpuMsPerImage) {
  }

  private EmbedBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    String sizes = BenchSupport.option(args, "--sizes", quick ? "100,2000" : "100,2000,all");
    List<String> inputs = List.of(BenchSupport.option(args, "--inputs", "directory,manifest").split(","));
    int batchSize = Integer.parseInt(BenchSupport.option(args, "--batch-size", "32"));
    int repeat = Integer.parseInt(BenchSupport.option(args, "--repeat", "1"));
    Path lfw = TestData.lfwDir().resolve("lfw-deepfunneled");
    List<Path> all;
    try (Stream<Path> walk = Files.walk(lfw)) {
      all = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    Path work = BenchSupport.temporaryWorkDir("embed-bench");
    for (int run = 1; run <= WARM_UP_RUNS; run++) {
      warmUp(all.subList(0, Math.min(WARM_UP_IMAGES, all.size())), batchSize, work.resolve("warm-up-" + run), run);
    }
    List<Result> results = new ArrayList<>();
    for (String size : sizes.split(",")) {
      List<Path> files = size.trim().equals("all") ? all
          : all.subList(0, Math.min(all.size(), Integer.parseInt(size.trim())));
      for (int round = 1; round <= repeat; round++) {
        for (String input : inputs) {
          Result result = run(files, input.trim(), batchSize,
              work.resolve("n" + files.size() + "-" + input.trim() + "-" + round));
          results.add(result);
          // Each run as soon as it is done: a full-LFW run takes minutes on a loaded machine.
          System.out.printf(Locale.ROOT, "%n== %,d images (%s): job %.1f images/s, forward %.1f images/s (one thread),"
              + " %.1f (one per core), job/forward %.2f, job/best forward %.2f; Spark profile ==%n%s", result.images(),
              result.input(), result.jobRate(), result.forwardRate(), result.perCoreForwardRate(),
              result.jobRate() / result.forwardRate(), result.jobRate() / result.bestForwardRate(), result.profile());
        }
      }
    }

    if (Arrays.asList(args).contains("--cold")) {
      results.addAll(coldRuns(results, all, sizes, repeat, batchSize, work));
    }

    TextTable table = new TextTable("images", "input", "batch", "job s", "in Spark jobs s", "Spark jobs", "job images/s",
        "forward images/s", "per-core forward images/s", "job/forward", "job/best forward", "job CPU ms/image",
        "task CPU ms/image", "JIT ms/image", "forward CPU ms/image", "load avg (1/5/15 min)");
    for (Result r : results) {
      table.add(r.images(), r.input(), batchSize, fmt(r.jobSeconds()), fmt(r.sparkSeconds()), r.sparkJobs(), fmt(r.jobRate()),
          fmt(r.forwardRate()), fmt(r.perCoreForwardRate()), ratio(r.jobRate() / r.forwardRate()),
          ratio(r.jobRate() / r.bestForwardRate()), fmt(r.jobCpuMs()), fmt(r.taskCpuMs()), fmt(r.jitMs()),
          fmt(r.forwardCpuMs()), r.load());
    }
    if (repeat > 1) {
      addMedians(table, results, batchSize);
    }
    System.out.println();
    System.out.println("embed job (--detect none --model facerec) end to end vs pure forward; goal: job/forward >= 0.80"
        + " at 2,000 images, >= 0.90 on full LFW (job/best forward: against the faster forward)");
    System.out.print(table);
    System.out.println(BenchSupport.memorySummary());
    System.exit(0);
  }

  /**
   * One untimed run. The JVM's first run pays class loading and JIT compilation (5 s and more);
   * with one warm-up only, the timed runs after it still spent a fifth of their CPU in the compiler
   * (2.0-2.7 ms per image at 2,000 images), falling run by run, so the first rows were neither a
   * warm run nor a user's cold command (the {@code --cold} rows measure that). Part of the JIT
   * time never settles: every new session's executor has a new class loader, and Spark's codegen
   * cache is keyed by class loader, so each run compiles its generated classes again (9 per run).
   * That part stays in every timed row, as it does in every new run of the job.
   */
  private static void warmUp(List<Path> files, int batchSize, Path work, int run) throws Exception {
    Files.createDirectories(work);
    double jitStart = BenchSupport.jitSeconds();
    long start = System.nanoTime();
    int exit = FaceSpark.commandLine().execute("embed", "--input", linkedTree(files, work.resolve("images")).toString(),
        "--output", work.resolve("faces").toString(), "--batch-size", String.valueOf(batchSize));
    if (exit != 0) {
      throw new IllegalStateException("warm-up embed run " + run + " failed with exit code " + exit);
    }
    SparkSession.active().stop();
    System.out.printf(Locale.ROOT, "%n== warm-up run %d of %d (%d images, untimed): %.1f s, JIT compiling %.1f s ==%n",
        run, WARM_UP_RUNS, files.size(), (System.nanoTime() - start) / 1e9, BenchSupport.jitSeconds() - jitStart);
  }

  private static Result run(List<Path> files, String input, int batchSize, Path work) throws Exception {
    Files.createDirectories(work);
    Path given = switch (input) {
      case "directory" -> linkedTree(files, work.resolve("images"));
      case "manifest" -> manifest(files, work.resolve("manifest.csv"));
      default -> throw new IllegalArgumentException("--inputs takes directory and/or manifest, got '" + input + "'");
    };
    // Read by the SparkConf of the session the job creates: the profile sees every job of the run.
    System.setProperty("spark.extraListeners", StageProfile.class.getName());

    int forwardImages = Math.max(MIN_FORWARD_IMAGES, Math.min(MAX_FORWARD_IMAGES, files.size()));
    Forward forwardBefore = pureForward(files, forwardImages, batchSize);
    Forward perCoreBefore = perCoreForward(files, forwardImages, batchSize);
    String[] loadAverage = Files.readString(Path.of("/proc/loadavg")).split(" ", 4);
    String load = loadAverage[0] + " / " + loadAverage[1] + " / " + loadAverage[2];
    double cpuStart = BenchSupport.processCpuSeconds();
    double jitStart = BenchSupport.jitSeconds();
    long start = System.nanoTime();
    int exit = FaceSpark.commandLine().execute("embed", "--input", given.toString(),
        "--output", work.resolve("faces").toString(), "--batch-size", String.valueOf(batchSize));
    double jobSeconds = (System.nanoTime() - start) / 1e9;
    double jobCpuMs = (BenchSupport.processCpuSeconds() - cpuStart) * 1e3 / files.size();
    double jitMs = (BenchSupport.jitSeconds() - jitStart) * 1e3 / files.size();
    if (exit != 0) {
      throw new IllegalStateException("the embed job failed with exit code " + exit);
    }
    SparkSession spark = SparkSession.active();
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    StageProfile profile = spark.sparkContext().listenerBus().listeners().stream()
        .filter(StageProfile.class::isInstance).map(StageProfile.class::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("the session has no StageProfile listener"));
    // The next size starts a new session, as a new run of the job would.
    spark.stop();
    Forward forwardAfter = pureForward(files, forwardImages, batchSize);
    Forward perCoreAfter = perCoreForward(files, forwardImages, batchSize);
    return new Result(files.size(), input, jobSeconds, profile.jobSeconds(), profile.jobCount(), files.size() / jobSeconds,
        (forwardBefore.rate() + forwardAfter.rate()) / 2, (perCoreBefore.rate() + perCoreAfter.rate()) / 2, jobCpuMs,
        profile.taskCpuSeconds() * 1e3 / files.size(), jitMs, (forwardBefore.cpuMsPerImage() + forwardAfter.cpuMsPerImage()) / 2, load,
        profile.jobsTable() + "\n" + profile.stagesTable());
  }

  /** Each size's directory embedded by bin/facespark in new JVMs, with and without the class archive. */
  private static List<Result> coldRuns(List<Result> inJvm, List<Path> all, String sizes, int repeat, int batchSize,
                                       Path work) throws Exception {
    List<Result> cold = new ArrayList<>();
    for (String size : sizes.split(",")) {
      List<Path> files = size.trim().equals("all") ? all
          : all.subList(0, Math.min(all.size(), Integer.parseInt(size.trim())));
      double forward = inJvm.stream().filter(r -> r.images() == files.size()).mapToDouble(Result::forwardRate)
          .average().orElseThrow(() -> new IllegalStateException("--cold needs the size's in-JVM runs first"));
      double perCore = inJvm.stream().filter(r -> r.images() == files.size())
          .mapToDouble(Result::perCoreForwardRate).average().orElseThrow();
      Path images = linkedTree(files, work.resolve("cold-" + files.size() + "/images"));
      Path out = work.resolve("cold-" + files.size() + "/faces");
      launch(Map.of(), images, out, batchSize); // records the class archive when the build has none yet
      for (int round = 1; round <= repeat; round++) {
        for (boolean archive : new boolean[] {true, false}) {
          Map<String, String> env = archive ? Map.of() : Map.of("FACESPARK_CLASS_ARCHIVE", "0");
          double seconds = launch(env, images, out, batchSize);
          String input = archive ? "cold CLI, class archive" : "cold CLI, no archive";
          cold.add(new Result(files.size(), input, seconds, Double.NaN, 0, files.size() / seconds, forward, perCore,
              Double.NaN, Double.NaN, Double.NaN, Double.NaN, "-", ""));
          System.out.printf(Locale.ROOT, "%n== %,d images (%s): %.1f s, job/forward %.2f, job/best forward %.2f ==%n",
              files.size(), input, seconds, files.size() / seconds / forward,
              files.size() / seconds / Math.max(forward, perCore));
        }
      }
    }
    return cold;
  }

  /** Wall seconds of {@code bin/facespark embed} from its start to its exit. */
  private static double launch(Map<String, String> env, Path images, Path out, int batchSize) throws Exception {
    long start = System.nanoTime();
    Launcher.Result run = Launcher.run(env, "embed", "--input", images.toString(), "--output", out.toString(),
        "--mode", "overwrite", "--batch-size", String.valueOf(batchSize));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (run.exitCode() != 0) {
      throw new IllegalStateException("bin/facespark embed failed (exit " + run.exitCode() + "):\n" + run.output());
    }
    return seconds;
  }

  /** The images as {@code <person>/<file>} links under {@code root}: a directory the job lists itself. */
  private static Path linkedTree(List<Path> files, Path root) throws IOException {
    for (Path file : files) {
      Path person = Files.createDirectories(root.resolve(file.getParent().getFileName().toString()));
      Files.createSymbolicLink(person.resolve(file.getFileName().toString()), file.toAbsolutePath());
    }
    return root;
  }

  private static Path manifest(List<Path> files, Path manifest) throws IOException {
    StringBuilder csv = new StringBuilder("path,label\n");
    for (Path file : files) {
      csv.append('"').append(file).append("\",").append(file.getParent().getFileName()).append('\n');
    }
    return Files.writeString(manifest, csv, StandardCharsets.UTF_8);
  }

  /** The model alone on real chips, one calling thread, {@code images} in batches of {@code batchSize}. */
  private static Forward pureForward(List<Path> files, int images, int batchSize) throws IOException {
    try (FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE)) {
      INDArray batch = chipBatch(embedder, files, batchSize);
      embedder.embed(batch); // warm-up
      int done = 0;
      double cpuStart = BenchSupport.processCpuSeconds();
      long start = System.nanoTime();
      while (done < images) {
        embedder.embed(batch);
        done += batchSize;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Forward(done / seconds, (BenchSupport.processCpuSeconds() - cpuStart) * 1e3 / done);
    }
  }

  /**
   * The model alone from one thread per core, each with its own model and one native thread: the
   * way a local[*] job's tasks call it. The clock runs from when every thread is warm to when the
   * last one is done.
   */
  private static Forward perCoreForward(List<Path> files, int images, int batchSize) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    int batchesEach = Math.max(1, images / batchSize / threads);
    CyclicBarrier warm = new CyclicBarrier(threads + 1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(pool.submit(() -> {
          NativeThreads.setForThisThread(1);
          try (FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE)) {
            INDArray batch = chipBatch(embedder, files, batchSize);
            embedder.embed(batch); // warm-up
            warm.await(5, TimeUnit.MINUTES);
            for (int b = 0; b < batchesEach; b++) {
              embedder.embed(batch);
            }
            return batchesEach * batchSize;
          }
        }));
      }
      warm.await(5, TimeUnit.MINUTES);
      double cpuStart = BenchSupport.processCpuSeconds();
      long start = System.nanoTime();
      int done = 0;
      for (Future<Integer> caller : callers) {
        done += caller.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Forward(done / seconds, (BenchSupport.processCpuSeconds() - cpuStart) * 1e3 / done);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The first {@code batchSize} images (repeated when fewer), cropped for {@code embedder}, as one batch. */
  private static INDArray chipBatch(FaceEmbedder embedder, List<Path> files, int batchSize) throws IOException {
    Preprocessor preprocessor = new Preprocessor(new ImageDecoder(), FaceLocator.WHOLE_IMAGE,
        FaceCrop.lfwDeepFunneled(), embedder.inputSpec());
    List<INDArray> chips = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      chips.add(preprocessor.prepare(Files.readAllBytes(files.get(i % files.size()))).chips().get(0).pixels());
    }
    return Nd4j.concat(0, chips.toArray(new INDArray[0]));
  }

  /** One row per size and input: the median of its runs' figures (each column on its own). */
  private static void addMedians(TextTable table, List<Result> results, int batchSize) {
    Map<String, List<Result>> groups = new LinkedHashMap<>();
    for (Result r : results) {
      groups.computeIfAbsent(r.images() + " " + r.input(), k -> new ArrayList<>()).add(r);
    }
    for (List<Result> runs : groups.values()) {
      Result first = runs.get(0);
      table.add(first.images(), first.input() + " median of " + runs.size(), batchSize,
          fmt(median(runs, Result::jobSeconds)), fmt(median(runs, Result::sparkSeconds)), first.sparkJobs(),
          fmt(median(runs, Result::jobRate)), fmt(median(runs, Result::forwardRate)),
          fmt(median(runs, Result::perCoreForwardRate)), ratio(median(runs, r -> r.jobRate() / r.forwardRate())),
          ratio(median(runs, r -> r.jobRate() / r.bestForwardRate())), fmt(median(runs, Result::jobCpuMs)),
          fmt(median(runs, Result::taskCpuMs)), fmt(median(runs, Result::jitMs)), fmt(median(runs, Result::forwardCpuMs)),
          "-");
    }
  }

  private static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
