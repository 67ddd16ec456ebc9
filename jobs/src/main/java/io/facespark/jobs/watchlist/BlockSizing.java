package io.facespark.jobs.watchlist;

import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;

/**
 * Rows per probe block, per gallery block and per GEMM tile. A task holds one probe block, one
 * gallery block, K candidates per probe and one probes x tile score matrix (off-heap), so these
 * three numbers bound its memory. Defaults derive from the executor's memory and cores (in local
 * mode: this JVM's heap and the local thread count); each can be set on the command line.
 */
record BlockSizing(int probeRows, int galleryRows, int tileRows) {

  /** Probe rows per block: large enough for an efficient GEMM, small enough to shuffle cheaply. */
  static final int DEFAULT_PROBE_ROWS = 8192;
  static final int MAX_GALLERY_ROWS = 262_144;
  /** Score tile of at most 8M floats (32 MB off-heap). */
  static final long TILE_FLOATS = 8L << 20;

  static BlockSizing derive(SparkConf conf, int dimension, Integer probeRows, Integer galleryRows, Integer tileRows) {
    int probes = probeRows != null ? probeRows : DEFAULT_PROBE_ROWS;
    int gallery = galleryRows != null ? galleryRows : defaultGalleryRows(conf, dimension);
    int tile = tileRows != null ? tileRows : (int) Math.max(256, Math.min(gallery, TILE_FLOATS / probes));
    if (probes < 1 || gallery < 1 || tile < 1) {
      throw new IllegalArgumentException("--probe-block, --gallery-block and --tile-rows must be at least 1");
    }
    return new BlockSizing(probes, gallery, tile);
  }

  /**
   * A quarter of the memory per concurrent task for the gallery block: the rest is Spark's, the
   * cached blocks' and the probe side's.
   */
  static int defaultGalleryRows(SparkConf conf, int dimension) {
    return galleryRows(bytesPerTask(conf), dimension);
  }

  /** The memory of one concurrent task (on the driver: executors may not know the cluster's settings). */
  static long bytesPerTask(SparkConf conf) {
    boolean local = conf.get("spark.master", "local[*]").startsWith("local");
    long memory = local ? Runtime.getRuntime().maxMemory()
        : JavaUtils.byteStringAsBytes(conf.get("spark.executor.memory", "1g"));
    int cores = local ? Runtime.getRuntime().availableProcessors() : conf.getInt("spark.executor.cores", 1);
    return memory / Math.max(1, cores);
  }

  static int galleryRows(long bytesPerTask, int dimension) {
    long rows = bytesPerTask / 4 / (4L * dimension + 8);
    return (int) Math.max(1024, Math.min(MAX_GALLERY_ROWS, rows));
  }
}
