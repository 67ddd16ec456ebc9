package io.facespark.jobs.evaluate;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.facespark.core.metrics.Calibration;
import io.facespark.core.metrics.Roc;
import io.facespark.core.metrics.ScoreHistogram;
import io.facespark.core.metrics.TenFold;
import io.facespark.core.metrics.Threshold;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.core.protocol.PairsFile;
import io.facespark.core.protocol.PairsFile.KeyedPair;
import io.facespark.core.report.TextTable;
import io.facespark.core.vector.Vectors;
import io.facespark.jobs.report.Charts;
import io.facespark.jobs.report.HtmlReport;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.table.FaceAlignment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facespark evaluate --protocol lfw-pairs}: LFW View 2 (or View 1) verification accuracy of
 * a faces table by the standard 10-fold procedure, plus ROC figures over all pairs.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
        "Measures how well a faces table verifies identities (LFW pairs, all pairs, or your pairs).",
        "--protocol lfw-pairs (default): for each of LFW's folds, the threshold that maximises accuracy"
            + " on the other folds is applied to the held-out one; reports per-fold accuracy, mean, std and"
            + " standard error, AUC, EER and TAR at FAR 1e-1, 1e-2 and 1e-3 over all pairs, and writes"
            + " metrics.json, folds.csv and roc.csv.",
        "--protocol all-pairs scores every unordered pair of labelled faces (inner product of the"
            + " L2-normalised embeddings) in GEMM blocks into fixed-bin histograms: AUC, EER, TAR at FAR"
            + " 1e-1 to 1e-6 and scores.csv, plus the calibration: the score thresholds at FAR 1e-2, 1e-3"
            + " and 1e-4 with their TAR, in calibration.json (what --threshold far:1e-3 of quickstart and"
            + " watchlist reads).",
        "--protocol pairs takes your own CSV of pairs (10 folds by line).",
        "Every run writes roc.png, scores.png and a self-contained report.html to --report, and prints"
            + " a summary."})
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--faces", required = true, paramLabel = "TABLE", description = "Faces table written by embed.")
  String faces;

  @Option(names = "--protocol", defaultValue = "lfw-pairs", paramLabel = "lfw-pairs|all-pairs|pairs",
      description = "lfw-pairs (LFW's pairs.txt, pairsDevTrain.txt or pairsDevTest.txt), all-pairs (every"
          + " unordered pair of labelled faces, scored distributedly into histograms) or pairs (a CSV"
          + " with header and columns a,b,same: image ids or paths as in the table, same 1/0).")
  String protocol;

  @Option(names = "--pairs", paramLabel = "FILE", description = "The pairs file (lfw-pairs and pairs).")
  Path pairs;

  @Option(names = "--block-size", defaultValue = "2048",
      description = "all-pairs: rows per GEMM block (task memory ~ block^2 x 4 bytes).")
  int blockSize;

  @Option(names = "--bins", defaultValue = "" + ScoreHistogram.DEFAULT_BINS,
      description = "all-pairs: histogram bins over [-1, 1] (bin width 2/bins).")
  int bins;

  @Option(names = "--report", required = true, paramLabel = "DIR", description = "Directory for the report files.")
  Path report;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "all-pairs: the data set's name for calibration.json (default: the faces table's folder name).")
  String dataset;

  @Option(names = "--allow-missing", description = "Score the pairs whose images are present instead of failing;"
      + " the report counts the missing ones.")
  boolean allowMissing;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(report);
    if (protocol.equals("all-pairs")) {
      return allPairs();
    }
    if (!protocol.equals("lfw-pairs") && !protocol.equals("pairs")) {
      throw new IllegalArgumentException("--protocol " + protocol + " is not one of lfw-pairs, all-pairs, pairs");
    }
    if (pairs == null) {
      throw new IllegalArgumentException("--protocol " + protocol + " needs --pairs (LFW's pairs.txt, or a CSV a,b,same)");
    }
    boolean lfw = protocol.equals("lfw-pairs");
    List<List<KeyedPair>> folds = lfw ? PairsFile.fromLfw(LfwPairs.read(pairs)) : PairsFile.read(pairs);
    TreeSet<String> wanted = new TreeSet<>();
    folds.forEach(fold -> fold.forEach(p -> {
      wanted.add(p.a());
      wanted.add(p.b());
    }));
    SparkSession spark = SparkSessions.getOrCreate("facespark-evaluate");
    FaceLookup.Faces found = lfw ? FaceLookup.byLfwName(spark, faces, wanted) : FaceLookup.byIdOrPath(spark, faces, wanted);
    TreeSet<String> missing = new TreeSet<>(wanted);
    missing.removeAll(found.byImage().keySet());
    if (!missing.isEmpty() && !allowMissing) {
      throw new IllegalArgumentException(missing.size() + " of the " + wanted.size() + " images the pairs need are"
          + " not in " + faces + " (first: " + String.join(", ", missing.stream().limit(5).toList())
          + "). Embed them, or pass --allow-missing to score only complete pairs.");
    }
    List<List<String>> foldRows = List.of();
    List<TenFold.Fold> scored = new ArrayList<>();
    List<Double> allScores = new ArrayList<>();
    List<Boolean> allSame = new ArrayList<>();
    int skippedPairs = 0;
    for (List<KeyedPair> fold : folds) {
      List<double[]> rows = new ArrayList<>();
      for (KeyedPair pair : fold) {
        float[] a = found.byImage().get(pair.a());
        float[] b = found.byImage().get(pair.b());
        if (a == null || b == null) {
          skippedPairs++;
          continue;
        }
        rows.add(new double[] {Vectors.cosine(a, b), pair.same() ? 1 : 0});
      }
      double[] s = new double[rows.size()];
      boolean[] same = new boolean[rows.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = rows.get(i)[0];
        same[i] = rows.get(i)[1] == 1;
        allScores.add(s[i]);
        allSame.add(same[i]);
      }
      scored.add(new TenFold.Fold(s, same));
    }
    double[] scores = allScores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] same = new boolean[allSame.size()];
    for (int i = 0; i < same.length; i++) {
      same[i] = allSame.get(i);
    }
    Roc roc = Roc.of(scores, same);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("protocol", protocol);
    metrics.put("pairs_file", pairs.toString());
    metrics.put("faces_table", faces);
    metrics.put("model_version", found.modelVersion());
    metrics.put("pairs_scored", scores.length);
    metrics.put("pairs_skipped_missing", skippedPairs);
    metrics.put("images_missing", missing.size());
    if (scored.size() > 1) {
      TenFold.Result tenFold = TenFold.evaluate(scored);
      metrics.put("accuracy_mean", tenFold.mean());
      metrics.put("accuracy_std", tenFold.std());
      metrics.put("accuracy_standard_error", tenFold.standardError());
      metrics.put("mean_threshold", tenFold.meanThreshold());
      putConfusion(metrics, scores, same, tenFold.meanThreshold());
      writeFolds(tenFold);
      foldRows = foldRows(tenFold);
    } else {
      Threshold.Best best = Threshold.maximisingAccuracy(scores, same);
      metrics.put("accuracy_at_best_threshold", best.accuracy());
      metrics.put("best_threshold", best.threshold());
      putConfusion(metrics, scores, same, best.threshold());
    }
    metrics.put("auc", roc.auc());
    metrics.put("eer", roc.eer());
    for (double far : new double[] {1e-1, 1e-2, 1e-3}) {
      metrics.put("tar_at_far_" + far, roc.resolves(far) ? roc.tarAtFar(far) : null);
    }
    writeRoc(roc);
    ScoreHistogram histogram = new ScoreHistogram(4096);
    for (int i = 0; i < scores.length; i++) {
      histogram.add(scores[i], same[i]);
    }
    return finish(metrics, roc, histogram, 60, foldRows);
  }

  private int allPairs() throws IOException {
    long start = System.nanoTime();
    SparkSession spark = SparkSessions.getOrCreate("facespark-evaluate");
    AllPairs.Result result = AllPairs.score(spark, faces, blockSize, bins);
    double seconds = (System.nanoTime() - start) / 1e9;
    ScoreHistogram histogram = result.histogram();
    if (histogram.genuineCount() != result.expectedGenuine() || histogram.impostorCount() != result.expectedImpostor()) {
      throw new IllegalStateException("all-pairs counted " + histogram.genuineCount() + " genuine and "
          + histogram.impostorCount() + " impostor pairs but the table implies " + result.expectedGenuine() + " and "
          + result.expectedImpostor() + "; this is a bug");
    }
    Roc roc = histogram.roc();
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("protocol", protocol);
    metrics.put("faces_table", faces);
    metrics.put("model_version", result.modelVersion());
    metrics.put("labelled_faces", result.faces());
    metrics.put("genuine_pairs", histogram.genuineCount());
    metrics.put("impostor_pairs", histogram.impostorCount());
    metrics.put("bins", histogram.bins());
    metrics.put("bin_width", histogram.binWidth());
    metrics.put("auc", roc.auc());
    metrics.put("eer", roc.eer());
    for (double far : new double[] {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
      metrics.put("tar_at_far_" + far, roc.resolves(far) ? roc.tarAtFar(far) : null);
    }
    Calibration calibration = calibration(spark, result, histogram, roc);
    for (Calibration.OperatingPoint point : calibration.operatingPoints()) {
      metrics.put("threshold_at_far_" + Calibration.formatFar(point.far()), point.threshold());
    }
    metrics.put("alignment", calibration.alignment() + " (embed --detect " + calibration.detect() + ")");
    metrics.put("seconds", seconds);
    calibration.write(report.resolve("calibration.json"));
    writeRoc(roc);
    StringBuilder csv = new StringBuilder("bin_lower_edge,genuine,impostor\n");
    for (int bin = 0; bin < histogram.bins(); bin++) {
      if (histogram.genuineIn(bin) + histogram.impostorIn(bin) > 0) {
        csv.append(String.format(Locale.ROOT, "%.6f,%d,%d%n", histogram.lowerEdge(bin), histogram.genuineIn(bin),
            histogram.impostorIn(bin)));
      }
    }
    write("scores.csv", csv);
    return finish(metrics, roc, histogram, 200, List.of());
  }

  /** The operating points for --threshold far:<FAR>, with the setting they were measured in. */
  private Calibration calibration(SparkSession spark, AllPairs.Result result, ScoreHistogram histogram, Roc roc) {
    Dataset<Row> labelled = spark.read().parquet(faces).filter(col("label").isNotNull());
    FaceAlignment setting = FaceAlignment.of(labelled);
    String model = labelled.select("model").first().getString(0);
    String name = dataset != null ? dataset : new org.apache.hadoop.fs.Path(faces).getName();
    return new Calibration(model, result.modelVersion(), setting.alignment(), setting.detect(), name, faces,
        result.faces(), histogram.genuineCount(), histogram.impostorCount(), histogram.binWidth(),
        Calibration.operatingPoints(roc));
  }

  /** Precision, recall, F1 and the confusion matrix at one threshold, as the seed article reported them. */
  private static void putConfusion(Map<String, Object> metrics, double[] scores, boolean[] same, double threshold) {
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean accepted = scores[i] >= threshold;
      if (accepted && same[i]) {
        tp++;
      } else if (accepted) {
        fp++;
      } else if (same[i]) {
        fn++;
      } else {
        tn++;
      }
    }
    double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    metrics.put("confusion_threshold", threshold);
    metrics.put("accuracy_at_threshold", (double) (tp + tn) / scores.length);
    metrics.put("precision", precision);
    metrics.put("recall", recall);
    metrics.put("f1", 2 * precision * recall / (precision + recall));
    metrics.put("true_accepts", tp);
    metrics.put("false_accepts", fp);
    metrics.put("true_rejects", tn);
    metrics.put("false_rejects", fn);
  }

  private static List<List<String>> foldRows(TenFold.Result result) {
    List<List<String>> rows = new ArrayList<>();
    for (TenFold.FoldResult f : result.folds()) {
      rows.add(List.of(String.valueOf(f.fold()), String.format(Locale.ROOT, "%.4f", f.threshold()),
          String.format(Locale.ROOT, "%.4f", f.trainAccuracy()), String.format(Locale.ROOT, "%.4f", f.accuracy())));
    }
    return rows;
  }

  private int finish(Map<String, Object> metrics, Roc roc, ScoreHistogram histogram, int displayBins,
                     List<List<String>> foldRows) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.resolve("metrics.json").toFile(), metrics);
    String title = "facespark evaluate: " + protocol + " on " + metrics.get("model_version");
    Charts.savePng(Charts.roc(roc, "ROC, " + protocol), report.resolve("roc.png"));
    Charts.savePng(Charts.scores(histogram, displayBins, "Genuine vs impostor scores, " + protocol),
        report.resolve("scores.png"));
    HtmlReport html = new HtmlReport(title)
        .paragraph("Command: facespark " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
        .heading("Metrics").table(metrics);
    if (!foldRows.isEmpty()) {
      html.heading("Folds (threshold chosen on the other folds)")
          .table(List.of("fold", "threshold", "accuracy on the other folds", "held-out accuracy"), foldRows);
    }
    html.heading("Plots").image(report.resolve("roc.png"), "ROC (log FAR axis)")
        .image(report.resolve("scores.png"), "Score distributions (each normalised to 1)")
        .paragraph("LFW: Huang et al., Labeled Faces in the Wild, University of Massachusetts Amherst.")
        .write(report.resolve("report.html"));
    PrintWriter out = spec.commandLine().getOut();
    TextTable table = new TextTable("metric", "value");
    metrics.forEach((k, v) -> table.add(k, v instanceof Double d
        ? String.format(Locale.ROOT, Math.abs(d) < 1e-3 && d != 0 ? "%.3e" : "%.4f", d) : v));
    out.println();
    out.print(table);
    out.flush();
    return 0;
  }

  private void writeFolds(TenFold.Result result) {
    StringBuilder csv = new StringBuilder("fold,threshold,train_accuracy,accuracy\n");
    for (TenFold.FoldResult f : result.folds()) {
      csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f%n", f.fold(), f.threshold(), f.trainAccuracy(), f.accuracy()));
    }
    write("folds.csv", csv);
  }

  private void writeRoc(Roc roc) {
    StringBuilder csv = new StringBuilder("threshold,far,tar\n");
    for (Roc.Point p : roc.points()) {
      csv.append(String.format(Locale.ROOT, "%.6f,%.8f,%.8f%n", p.threshold(), p.far(), p.tar()));
    }
    write("roc.csv", csv);
  }

  private void write(String name, CharSequence content) {
    try {
      Files.writeString(report.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + report.resolve(name), e);
    }
  }
}
