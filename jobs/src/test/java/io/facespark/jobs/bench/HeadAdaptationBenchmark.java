package io.facespark.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.facespark.core.metrics.TenFold;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.core.protocol.LfwPeople;
import io.facespark.core.report.TextTable;
import io.facespark.core.train.HeadConfig;
import io.facespark.core.train.TrainingSet;
import io.facespark.core.vector.Vectors;
import io.facespark.jobs.report.HtmlReport;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.train.SparkHeadTrainer;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Does an adapted head beat the stock model on people it never saw? LFW View 2 in the "labeled
 * outside data" setting: for each of the 10 folds, a head is trained (dl4j-spark, local) on the
 * faces of the other nine folds' people (people.txt), and that fold's 600 pairs are scored with
 * it; the threshold comes from the other nine folds' pairs under the same head, as in the stock
 * 10-fold protocol. Prints per-fold accuracy for stock and each loss, mean +- std, and training
 * throughput; {@code --report DIR} writes metrics.json, folds.csv and report.html.
 *
 * <pre>
 *   bin/bench jobs HeadAdaptationBenchmark --faces TABLE [--losses arcface,am-softmax,triplet]
 *       [--epochs 5] [--dim 128] [--hidden 0] [--batch-size 256] [--learning-rate 0.001] [--report DIR]
 * </pre>
 * The faces table is the full LFW deep-funneled table from {@code embed} (one face per image is
 * used: face_index 0).
 */
public final class HeadAdaptationBenchmark {

  private HeadAdaptationBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String faces = BenchSupport.option(args, "--faces", null);
    if (faces == null) {
      throw new IllegalArgumentException("--faces TABLE is required: the full LFW faces table from embed");
    }
    List<String> losses = List.of(BenchSupport.option(args, "--losses", "arcface,am-softmax,triplet").split(","));
    int epochs = Integer.parseInt(BenchSupport.option(args, "--epochs", "5"));
    int dim = Integer.parseInt(BenchSupport.option(args, "--dim", "128"));
    int hidden = Integer.parseInt(BenchSupport.option(args, "--hidden", "0"));
    int batch = Integer.parseInt(BenchSupport.option(args, "--batch-size", "256"));
    double rate = Double.parseDouble(BenchSupport.option(args, "--learning-rate", "0.001"));
    String report = BenchSupport.option(args, "--report", null);

    SparkSession spark = SparkSessions.getOrCreate("HeadAdaptationBenchmark");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, float[]> byImage = new HashMap<>();
    String baseVersion = null;
    for (Row row : spark.read().parquet(faces).filter("face_index = 0 AND label IS NOT NULL")
        .select("path", "embedding", "model_version").collectAsList()) {
      String path = row.getString(0);
      String[] parts = path.split("/");
      List<Float> values = row.getList(1);
      float[] e = new float[values.size()];
      for (int i = 0; i < e.length; i++) {
        e[i] = values.get(i);
      }
      byImage.put(parts[parts.length - 2] + "/" + parts[parts.length - 1], e);
      baseVersion = row.getString(2);
    }
    List<Set<String>> people = LfwPeople.read(TestData.lfwDir().resolve("people.txt"));
    List<List<LfwPairs.Pair>> pairs = LfwPairs.read(TestData.lfwDir().resolve("pairs.txt"));

    Map<String, double[]> accuracy = new LinkedHashMap<>();
    Map<String, Double> samplesPerSecond = new LinkedHashMap<>();
    TenFold.Result stock = TenFold.evaluate(folds(pairs, byImage));
    accuracy.put("stock", stock.folds().stream().mapToDouble(TenFold.FoldResult::accuracy).toArray());
    for (String loss : losses) {
      HeadConfig config = new HeadConfig(loss, hidden, dim, 30, loss.trim().equals(HeadConfig.ARCFACE) ? 0.3 : 0.2, epochs,
          batch, 4, rate, 42);
      double[] perFold = new double[people.size()];
      long examples = 0;
      double seconds = 0;
      for (int f = 0; f < people.size(); f++) {
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int g = 0; g < people.size(); g++) {
          if (g == f) {
            continue;
          }
          for (Map.Entry<String, float[]> image : byImage.entrySet()) {
            String person = image.getKey().substring(0, image.getKey().indexOf('/'));
            if (people.get(g).contains(person)) {
              rows.add(image.getValue());
              labels.add(person);
            }
          }
        }
        SparkHeadTrainer.Result trained = SparkHeadTrainer.train(jsc, TrainingSet.of(rows, labels), config, baseVersion,
            jsc.defaultParallelism(), 1);
        examples += trained.examples();
        seconds += trained.seconds();
        Map<String, float[]> adapted = new HashMap<>();
        List<String> keys = new ArrayList<>(byImage.keySet());
        float[][] projected = trained.head().apply(keys.stream().map(byImage::get).toArray(float[][]::new));
        for (int i = 0; i < keys.size(); i++) {
          adapted.put(keys.get(i), projected[i]);
        }
        perFold[f] = TenFold.evaluate(folds(pairs, adapted)).folds().get(f).accuracy();
        System.err.printf(Locale.ROOT, "%s fold %d: %.4f (stock %.4f), %d training faces, %.1f s%n", loss, f + 1, perFold[f],
            stock.folds().get(f).accuracy(), rows.size(), trained.seconds());
      }
      accuracy.put(loss, perFold);
      samplesPerSecond.put(loss, examples / seconds);
    }

    List<String> header = new ArrayList<>(List.of("fold"));
    header.addAll(accuracy.keySet());
    TextTable table = new TextTable(header.toArray(String[]::new));
    StringBuilder csv = new StringBuilder(String.join(",", header) + "\n");
    for (int f = 0; f < people.size(); f++) {
      List<Object> cells = new ArrayList<>(List.of(f + 1));
      StringBuilder line = new StringBuilder(String.valueOf(f + 1));
      for (double[] acc : accuracy.values()) {
        cells.add(pct(acc[f]));
        line.append(String.format(Locale.ROOT, ",%.6f", acc[f]));
      }
      table.add(cells.toArray());
      csv.append(line).append('\n');
    }
    List<Object> summary = new ArrayList<>(List.of("mean +- std"));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("faces_table", faces);
    metrics.put("base_model_version", baseVersion);
    metrics.put("protocol", "LFW View 2, labeled outside data: head trained on the other nine folds' people");
    metrics.put("epochs", epochs);
    metrics.put("dim", dim);
    metrics.put("hidden", hidden);
    for (Map.Entry<String, double[]> column : accuracy.entrySet()) {
      double mean = java.util.Arrays.stream(column.getValue()).average().orElseThrow();
      double std = Math.sqrt(java.util.Arrays.stream(column.getValue()).map(a -> (a - mean) * (a - mean)).sum()
          / (column.getValue().length - 1));
      summary.add(pct(mean) + " +- " + pct(std));
      metrics.put(column.getKey() + "_accuracy_mean", mean);
      metrics.put(column.getKey() + "_accuracy_std", std);
    }
    table.add(summary.toArray());
    samplesPerSecond.forEach((loss, sps) -> metrics.put(loss + "_training_samples_per_second", sps));
    System.out.println(table);
    samplesPerSecond.forEach((loss, sps) -> System.out.printf(Locale.ROOT, "%s: %.0f training samples/s on %s%n", loss, sps,
        spark.sparkContext().master()));
    if (report != null) {
      Path dir = Files.createDirectories(Path.of(report));
      Files.writeString(dir.resolve("folds.csv"), csv);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("metrics.json").toFile(), metrics);
      new HtmlReport("facespark train: LFW View 2 with heads trained on the other folds' people")
          .paragraph("Base model " + baseVersion + "; each fold's head was trained on the other nine folds' people only"
              + " (people.txt); thresholds from the other nine folds' pairs under the same head.")
          .table(metrics).preformatted(table).write(dir.resolve("report.html"));
    }
    spark.stop();
  }

  private static List<TenFold.Fold> folds(List<List<LfwPairs.Pair>> pairs, Map<String, float[]> embeddings) {
    List<TenFold.Fold> folds = new ArrayList<>();
    for (List<LfwPairs.Pair> fold : pairs) {
      double[] scores = new double[fold.size()];
      boolean[] same = new boolean[fold.size()];
      for (int i = 0; i < fold.size(); i++) {
        float[] a = embeddings.get(fold.get(i).a().relativePath());
        float[] b = embeddings.get(fold.get(i).b().relativePath());
        if (a == null || b == null) {
          throw new IllegalArgumentException("the faces table has no face for " + (a == null ? fold.get(i).a() : fold.get(i).b())
              + ": embed all of LFW first");
        }
        scores[i] = Vectors.cosine(a, b);
        same[i] = fold.get(i).same();
      }
      folds.add(new TenFold.Fold(scores, same));
    }
    return folds;
  }

  private static String pct(double value) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * value);
  }
}
