package io.facespark.jobs.embed;

/**
 * How a run is cut: into tasks for the embedding, and into files for each output table. Each
 * output file is a fixed cost (a writer task, its Parquet footer and commit), so small runs write
 * one file per core instead of one per task.
 */
final class EmbedSplits {

  /** Tasks per core: later tasks even out slow ones. */
  static final int TASKS_PER_CORE = 4;
  /** Large runs: at most this many images per task, so a retried task redoes little. */
  static final long IMAGES_PER_TASK = 2_000;
  /** Rows per output file (about 30 MB of 128-d faces): fewer, larger files for readers. */
  static final long ROWS_PER_FILE = 50_000;

  private EmbedSplits() {
  }

  /**
   * {@code requested} (from --partitions) when positive; else {@link #TASKS_PER_CORE} per core and
   * at least one per {@link #IMAGES_PER_TASK} images; never more tasks than files. (Fewer, fuller
   * tasks for small runs would change the batches, and with them the embeddings in the last bits:
   * the model's float sums depend on the batch size.)
   */
  static int tasks(int requested, long files, int cores) {
    long tasks = requested > 0 ? requested : Math.max((long) cores * TASKS_PER_CORE, files / IMAGES_PER_TASK);
    return (int) Math.max(1, Math.min(tasks, files));
  }

  /**
   * Files per output table: one per {@link #ROWS_PER_FILE} input files, but at least one per core
   * (each file is written by its own task, so the write keeps every core busy) and at most one
   * per task.
   */
  static int outputFiles(long files, int tasks, int cores) {
    return (int) Math.max(1, Math.min(tasks, Math.max(cores, ceilDiv(files, ROWS_PER_FILE))));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
