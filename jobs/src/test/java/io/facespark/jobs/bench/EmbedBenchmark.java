package io.facespark.jobs.bench;

import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import io.facespark.core.image.FaceCrop;
import io.facespark.core.report.TextTable;
import io.facespark.jobs.FaceSpark;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * End-to-end embed job throughput against pure model forward speed, in one JVM and one run.
 *
 * <pre>bin/bench jobs EmbedBenchmark [--images 2000|all] [--batch-size 32]</pre>
 *
 * The job runs on the embedded local[*] Spark exactly as {@code bin/facespark embed} does (read,
 * decode, crop, embed, Parquet write, summary). Pure forward feeds the same model pre-cropped real
 * LFW chips in batches of the same size from one thread, before and after the job; the ratio
 * uses their mean. Peak memory is the JVM's heap high-water mark and the process's resident peak
 * (driver and executor are one process in local mode).
 */
public final class EmbedBenchmark {

  private EmbedBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String images = BenchSupport.option(args, "--images", "2000");
    int batchSize = Integer.parseInt(BenchSupport.option(args, "--batch-size", "32"));
    Path lfw = TestData.lfwDir().resolve("lfw-deepfunneled");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(lfw)) {
      files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    if (!images.equals("all")) {
      files = files.subList(0, Math.min(files.size(), Integer.parseInt(images)));
    }
    Path work = Files.createTempDirectory("embed-bench");
    Path manifest = work.resolve("manifest.csv");
    StringBuilder csv = new StringBuilder("path,label\n");
    for (Path file : files) {
      csv.append('"').append(file).append("\",").append(file.getParent().getFileName()).append('\n');
    }
    Files.writeString(manifest, csv, StandardCharsets.UTF_8);

    double forwardBefore = pureForward(files, batchSize);
    long start = System.nanoTime();
    int exit = FaceSpark.commandLine().execute("embed", "--input", manifest.toString(),
        "--output", work.resolve("faces").toString(), "--batch-size", String.valueOf(batchSize));
    double jobSeconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("the embed job failed with exit code " + exit);
    }
    double forwardAfter = pureForward(files, batchSize);
    double forward = (forwardBefore + forwardAfter) / 2;
    double job = files.size() / jobSeconds;

    TextTable table = new TextTable("what", "images", "batch", "faces/s", "vs pure forward");
    table.add("pure forward (before)", files.size(), batchSize, fmt(forwardBefore), "");
    table.add("pure forward (after)", files.size(), batchSize, fmt(forwardAfter), "");
    table.add("embed job end to end", files.size(), batchSize, fmt(job),
        String.format(Locale.ROOT, "%.2f", job / forward));
    System.out.println();
    System.out.print(table);
    System.out.printf(Locale.ROOT, "job wall time %.1f s (includes Spark start, listing, model broadcast, write);"
        + " goal: job >= 0.80 of pure forward%n", jobSeconds);
    System.out.println(BenchSupport.memorySummary());
    System.exit(0);
  }

  /** Faces/s of the model alone on real chips, one thread, batches of {@code batchSize}. */
  private static double pureForward(List<Path> files, int batchSize) throws IOException {
    try (FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE)) {
      Preprocessor preprocessor = new Preprocessor(new ImageDecoder(), FaceLocator.WHOLE_IMAGE,
          FaceCrop.lfwDeepFunneled(), embedder.inputSpec());
      List<INDArray> chips = new ArrayList<>();
      for (Path file : files.subList(0, Math.min(batchSize, files.size()))) {
        chips.add(preprocessor.prepare(Files.readAllBytes(file)).chips().get(0).pixels());
      }
      INDArray batch = Nd4j.concat(0, chips.toArray(new INDArray[0]));
      embedder.embed(batch); // warm-up
      int done = 0;
      long start = System.nanoTime();
      while (done < files.size()) {
        embedder.embed(batch);
        done += chips.size();
      }
      return done / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
