package io.facespark.jobs.embed;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every count the end-of-job summary shows, taken in one pass over the results: one Spark job
 * with no shuffle, instead of one aggregation (and its shuffle) per count. Each task counts its
 * partition, the driver adds the partitions up. Images are counted without a set of paths: all
 * face rows of an image come from the one task that read it, one after another
 * ({@code EmbeddingPipeline} emits an image's faces together), so a new image starts where the
 * path changes. Were that ever broken, images would be over-counted and the summary's
 * reconciliation would fail the job loudly, not pass wrongly.
 */
final class EmbedTally implements Serializable {

  private static final long serialVersionUID = 1L;

  long faceRows;
  long imagesWithFaces;
  /** Face rows without a detector score: with detection on, --no-face crop fallbacks. */
  long unscoredFaces;
  final Map<String, Long> rejectsByStage = new TreeMap<>();
  final Map<String, Long> facesByPass = new TreeMap<>();
  long imagesWithWarnings;
  long warnings;
  /** The warned image with the smallest path, as "path: warning", so the line is the same on every run. */
  String firstWarning;
  private String firstWarningPath;

  /** What the counts read: the embeddings stay in the cache, unread. */
  private static final String[] COLUMNS = {"kind", "path", "face_index", "det_score", "stage", "det_pass",
      "decoder_warnings", "first_decoder_warning"};

  /** One Spark job over {@code results} (rows of {@link EmbedResults#SCHEMA}). */
  static EmbedTally of(Dataset<Row> results) {
    List<EmbedTally> parts = results.selectExpr(COLUMNS).javaRDD().mapPartitions(EmbedTally::count).collect();
    EmbedTally total = new EmbedTally();
    parts.forEach(total::add);
    return total;
  }

  private static Iterator<EmbedTally> count(Iterator<Row> rows) {
    EmbedTally tally = new EmbedTally();
    String previousFacePath = null;
    List<String> columns = List.of(COLUMNS);
    int kind = columns.indexOf("kind");
    int path = columns.indexOf("path");
    int faceIndex = columns.indexOf("face_index");
    int score = columns.indexOf("det_score");
    int stage = columns.indexOf("stage");
    int pass = columns.indexOf("det_pass");
    int warned = columns.indexOf("decoder_warnings");
    int firstWarned = columns.indexOf("first_decoder_warning");
    while (rows.hasNext()) {
      Row row = rows.next();
      if (!EmbedResults.FACE.equals(row.getString(kind))) {
        tally.rejectsByStage.merge(row.getString(stage), 1L, Long::sum);
        continue;
      }
      tally.faceRows++;
      if (!row.getString(path).equals(previousFacePath)) {
        tally.imagesWithFaces++;
        previousFacePath = row.getString(path);
      }
      if (row.isNullAt(score)) {
        tally.unscoredFaces++;
      }
      if (!row.isNullAt(pass)) {
        tally.facesByPass.merge(row.getString(pass), 1L, Long::sum);
      }
      // Warnings belong to the image, which every one of its face rows repeats: count face 0 only.
      if (!row.isNullAt(faceIndex) && row.getInt(faceIndex) == 0 && !row.isNullAt(warned) && row.getInt(warned) > 0) {
        tally.imagesWithWarnings++;
        tally.warnings += row.getInt(warned);
        tally.noteWarning(row.getString(path), row.getString(path) + ": " + row.getString(firstWarned));
      }
    }
    return List.of(tally).iterator();
  }

  private void add(EmbedTally other) {
    faceRows += other.faceRows;
    imagesWithFaces += other.imagesWithFaces;
    unscoredFaces += other.unscoredFaces;
    other.rejectsByStage.forEach((stage, n) -> rejectsByStage.merge(stage, n, Long::sum));
    other.facesByPass.forEach((pass, n) -> facesByPass.merge(pass, n, Long::sum));
    imagesWithWarnings += other.imagesWithWarnings;
    warnings += other.warnings;
    if (other.firstWarningPath != null) {
      noteWarning(other.firstWarningPath, other.firstWarning);
    }
  }

  private void noteWarning(String path, String line) {
    if (firstWarningPath == null || path.compareTo(firstWarningPath) < 0) {
      firstWarningPath = path;
      firstWarning = line;
    }
  }
}
