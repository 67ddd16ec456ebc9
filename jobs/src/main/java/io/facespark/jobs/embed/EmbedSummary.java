package io.facespark.jobs.embed;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.when;

import io.facespark.core.report.TextTable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The end-of-job accounting: every file seen is either an image with faces or a reject. */
record EmbedSummary(long files, long skipped, long faceRows, long imagesWithFaces, long cropFallbacks,
                    Map<String, Long> rejectsByStage, Map<String, Long> facesByPass, double seconds) {

  /** {@code detecting}: rows without a detector score are then --no-face crop fallbacks. */
  static EmbedSummary of(Dataset<Row> results, boolean detecting, long files, long skipped, double seconds) {
    Row faces = results.filter(col("kind").equalTo(EmbedResults.FACE))
        .agg(count("*"), countDistinct("path"), count(when(col("det_score").isNull(), 1))).first();
    Map<String, Long> byStage = new TreeMap<>();
    for (Row row : results.filter(col("kind").equalTo(EmbedResults.REJECT)).groupBy("stage").count().collectAsList()) {
      byStage.put(row.getString(0), row.getLong(1));
    }
    Map<String, Long> byPass = new TreeMap<>();
    for (Row row : results.filter(col("kind").equalTo(EmbedResults.FACE).and(col("det_pass").isNotNull()))
        .groupBy("det_pass").count().collectAsList()) {
      byPass.put(row.getString(0), row.getLong(1));
    }
    return new EmbedSummary(files, skipped, faces.getLong(0), faces.getLong(1), detecting ? faces.getLong(2) : 0,
        byStage, byPass, seconds);
  }

  long rejects() {
    return rejectsByStage.values().stream().mapToLong(Long::longValue).sum();
  }

  boolean reconciles() {
    return imagesWithFaces + rejects() == files;
  }

  String table(String modelVersion, String facesTable, String rejectsTable) {
    TextTable table = new TextTable("embed", "value");
    table.add("model", modelVersion);
    table.add("files seen", files);
    if (skipped > 0) {
      table.add("skipped (already in the tables)", skipped);
    }
    table.add("images with faces", imagesWithFaces);
    table.add("face rows written", faceRows);
    facesByPass.forEach((pass, count) -> table.add("  found by the " + pass + " pass", count));
    if (cropFallbacks > 0) {
      table.add("  no face found: fixed crop", cropFallbacks);
    }
    table.add("rejects", rejects());
    rejectsByStage.forEach((stage, count) -> table.add("  rejected at " + stage, count));
    table.add("wall time", String.format(Locale.ROOT, "%.1f s", seconds));
    table.add("images/s", String.format(Locale.ROOT, "%.1f", files / Math.max(seconds, 1e-9)));
    table.add("faces table", facesTable);
    table.add("rejects table", rejectsTable);
    return table.toString();
  }
}
