package io.facespark.jobs.embed;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Every count the end-of-job summary shows, taken by the embedding tasks as they emit their rows:
 * no Spark job of its own, and no second pass over the results. Each task counts its partition
 * ({@link #count}) and hands the count to {@link EmbedTallies}; the driver adds the partitions up.
 * Images are counted without a set of paths: all face rows of an image come from the one task that
 * read it, one after another ({@code EmbeddingPipeline} emits an image's faces together), so a new
 * image starts where the path changes. Were that ever broken, images would be over-counted and the
 * summary's reconciliation would fail the job loudly, not pass wrongly.
 */
final class EmbedTally implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int KIND = EmbedResults.SCHEMA.fieldIndex("kind");
  private static final int PATH = EmbedResults.SCHEMA.fieldIndex("path");
  private static final int FACE_INDEX = EmbedResults.SCHEMA.fieldIndex("face_index");
  private static final int SCORE = EmbedResults.SCHEMA.fieldIndex("det_score");
  private static final int STAGE = EmbedResults.SCHEMA.fieldIndex("stage");
  private static final int PASS = EmbedResults.SCHEMA.fieldIndex("det_pass");
  private static final int WARNINGS = EmbedResults.SCHEMA.fieldIndex("decoder_warnings");
  private static final int FIRST_WARNING = EmbedResults.SCHEMA.fieldIndex("first_decoder_warning");

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
  private String previousFacePath;

  /** Counts one row of {@link EmbedResults#SCHEMA}, in the order the task emits them. */
  void count(Row row) {
    if (!EmbedResults.FACE.equals(row.getString(KIND))) {
      rejectsByStage.merge(row.getString(STAGE), 1L, Long::sum);
      return;
    }
    faceRows++;
    if (!row.getString(PATH).equals(previousFacePath)) {
      imagesWithFaces++;
      previousFacePath = row.getString(PATH);
    }
    if (row.isNullAt(SCORE)) {
      unscoredFaces++;
    }
    if (!row.isNullAt(PASS)) {
      facesByPass.merge(row.getString(PASS), 1L, Long::sum);
    }
    // Warnings belong to the image, which every one of its face rows repeats: count face 0 only.
    if (!row.isNullAt(FACE_INDEX) && row.getInt(FACE_INDEX) == 0 && !row.isNullAt(WARNINGS)
        && row.getInt(WARNINGS) > 0) {
      imagesWithWarnings++;
      warnings += row.getInt(WARNINGS);
      noteWarning(row.getString(PATH), row.getString(PATH) + ": " + row.getString(FIRST_WARNING));
    }
  }

  /** The sum of partitions' tallies. */
  static EmbedTally sum(Iterable<EmbedTally> parts) {
    EmbedTally total = new EmbedTally();
    parts.forEach(total::add);
    return total;
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
