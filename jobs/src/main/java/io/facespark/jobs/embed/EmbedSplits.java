package io.facespark.jobs.embed;

/**
 * How a run is cut: into tasks for the embedding, and into files for each output table. Both are
 * fixed costs per piece (a task launch, a second concurrent task's model, a Parquet writer and
 * its commit), so small runs get few pieces and large runs enough to keep every core busy.
 */
final class EmbedSplits {

  /** Tasks per core when the run is large enough: later tasks even out slow ones. */
  static final int TASKS_PER_CORE = 4;
  /** Large runs: at most this many images per task, so a retried task redoes little. */
  static final long IMAGES_PER_TASK = 2_000;
  /** Rows per output file (about 30 MB of 128-d faces): fewer, larger files for readers. */
  static final long ROWS_PER_FILE = 50_000;

  private EmbedSplits() {
  }

  /**
   * {@code requested} (from --partitions) when positive; else {@link #TASKS_PER_CORE} per core and
   * at least one per {@link #IMAGES_PER_TASK} images, but never so many that a task gets less
   * than one full batch: a smaller task pays the same fixed costs for a partial batch.
   */
  static int tasks(int requested, long files, int cores, int batchSize) {
    if (requested > 0) {
      return (int) Math.max(1, Math.min(requested, files));
    }
    long spread = Math.max((long) cores * TASKS_PER_CORE, ceilDiv(files, IMAGES_PER_TASK));
    return (int) Math.max(1, Math.min(spread, files / batchSize));
  }

  /** Files per output table: one per {@link #ROWS_PER_FILE} input files, at most one per task. */
  static int outputFiles(long files, int tasks) {
    return (int) Math.max(1, Math.min(tasks, ceilDiv(files, ROWS_PER_FILE)));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
