package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.facespark.core.metrics.OpenSetIdentification;
import io.facespark.core.metrics.OpenSetIdentification.Operating;
import io.facespark.core.metrics.OpenSetIdentification.Probe;
import io.facespark.jobs.report.Charts;
import io.facespark.jobs.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Open-set figures of a run whose probes carry labels: a probe is mated when its label is a
 * gallery label. Computed from the candidates before any threshold (the mate's rank and score, the
 * best score), so thresholds can be chosen afterwards; FNIR counts a mate found at rank 1 only.
 */
public final class OpenSetReport {

  static final double[] FPIRS = {1e-1, 1e-2, 1e-3};

  private OpenSetReport() {
  }

  /** {@code named}: candidates with {@code probe_key}, {@code probe_label}, {@code gallery_label}, {@code rank}, {@code score}. */
  static OpenSetIdentification measure(Dataset<Row> named, Dataset<Row> probeMeta, Dataset<Row> galleryLabels, int k) {
    Dataset<Row> perProbe = named.filter(col("probe_label").isNotNull()).groupBy("probe_key").agg(
        expr("min(CASE WHEN gallery_label = probe_label THEN rank END)").as("mate_rank"),
        expr("max(CASE WHEN gallery_label = probe_label THEN score END)").as("mate_score"),
        expr("max(score)").as("best_score"));
    Dataset<Row> labelled = probeMeta.filter(col("probe_label").isNotNull())
        .join(galleryLabels.withColumn("mated", expr("true")),
            probeMeta.col("probe_label").equalTo(galleryLabels.col("gallery_label")), "left")
        .join(perProbe, "probe_key", "left")
        .select(expr("coalesce(mated, false)"), expr("coalesce(mate_rank, 0)"), col("mate_score"), col("best_score"));
    List<Probe> probes = new ArrayList<>();
    for (Row row : labelled.collectAsList()) {
      probes.add(new Probe(row.getBoolean(0), row.getInt(1), row.isNullAt(2) ? Float.NaN : row.getFloat(2),
          row.isNullAt(3) ? Float.NaN : row.getFloat(3)));
    }
    return new OpenSetIdentification(probes, k);
  }

  /**
   * The same figures from a written matches table (notebooks): every probe has rows there, and
   * {@code galleryLabels} ({@code gallery_label}) says which probe labels are enrolled. A table
   * written with --threshold lacks the candidates below it, so its figures hold above it only.
   */
  public static OpenSetIdentification fromMatches(Dataset<Row> matches, Dataset<Row> galleryLabels, int k) {
    Dataset<Row> named = matches.withColumn("probe_key", struct(col("probe_id"), col("probe_face_index")));
    return measure(named, named.select("probe_key", "probe_label").distinct(),
        galleryLabels.select("gallery_label").distinct(), k);
  }

  static Map<String, Object> metrics(OpenSetIdentification ids) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("mated_probes", ids.mated());
    metrics.put("non_mated_probes", ids.nonMated());
    metrics.put("rank1_identification_rate", ids.rank1Rate());
    double[] cmc = ids.cmc();
    metrics.put("rank" + cmc.length + "_identification_rate", cmc[cmc.length - 1]);
    if (ids.mated() > 0 && ids.nonMated() > 0) {
      for (double fpir : FPIRS) {
        Operating op = ids.atFpir(fpir);
        String key = String.format(Locale.ROOT, "fpir_%.0e", fpir).replace("e-0", "e-");
        metrics.put("fnir_at_" + key, op.fnir());
        metrics.put("threshold_at_" + key, op.threshold());
        metrics.put("achieved_" + key, op.fpir());
        metrics.put("resolvable_" + key, op.resolvable());
      }
    }
    return metrics;
  }

  static void write(Path dir, OpenSetIdentification ids, Map<String, Object> summary, String command) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> all = new LinkedHashMap<>(summary);
    all.putAll(metrics(ids));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("metrics.json").toFile(), all);
    double[] cmc = ids.cmc();
    StringBuilder csv = new StringBuilder("rank,identification_rate\n");
    List<List<String>> cmcRows = new ArrayList<>();
    for (int k = 0; k < cmc.length; k++) {
      csv.append(String.format(Locale.ROOT, "%d,%.6f%n", k + 1, cmc[k]));
      cmcRows.add(List.of(String.valueOf(k + 1), String.format(Locale.ROOT, "%.4f", cmc[k])));
    }
    Files.writeString(dir.resolve("cmc.csv"), csv);
    Charts.savePng(Charts.cmc(cmc, "CMC, " + ids.mated() + " mated probes"), dir.resolve("cmc.png"));
    new HtmlReport("facespark watchlist: open-set identification")
        .paragraph("Command: facespark " + command)
        .heading("Metrics").table(all)
        .heading("CMC").table(List.of("rank", "identification rate"), cmcRows)
        .image(dir.resolve("cmc.png"), "CMC curve")
        .paragraph("FNIR at FPIR: the threshold is set on the non-mated probes' best scores; a mated probe"
            + " counts as identified when its mate is the rank-1 candidate at or above it.")
        .write(dir.resolve("report.html"));
  }
}
