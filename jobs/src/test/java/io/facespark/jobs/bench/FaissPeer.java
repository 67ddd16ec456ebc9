package io.facespark.jobs.bench;

import io.facespark.jobs.launcher.Launcher;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Faiss as a peer process: Debian's python3-faiss, installed when missing, fed raw float32 files,
 * its top-K read back and compared with a matches table.
 */
final class FaissPeer {

  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Launcher.ROOT.resolve("jobs/src/test/python/faiss_flat_ip.py");

  private FaissPeer() {
  }

  /**
   * Faiss and the threaded OpenBLAS it needs (without libopenblas0-pthread both fall back to the
   * reference BLAS and the baseline is meaningless), from Debian's packages.
   */
  static void ensureInstalled() throws IOException, InterruptedException {
    if (run(List.of(PYTHON, "-c", "import faiss"), false) == 0 && run(List.of("dpkg", "-s", "libopenblas0-pthread"), false) == 0) {
      return;
    }
    System.err.println("bench: installing python3-faiss and libopenblas0-pthread (Debian packages)");
    String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";
    int exit = run(List.of("sh", "-c", sudo + "apt-get update -qq && DEBIAN_FRONTEND=noninteractive " + sudo
        + "apt-get install -y -qq python3-faiss libopenblas0-pthread"), true);
    if (exit != 0) {
      throw new IllegalStateException("could not install python3-faiss libopenblas0-pthread (apt-get exit " + exit
          + "); install them, then rerun");
    }
  }

  /** The two tables as raw float32 files, row i of each file being ids.get(i). */
  record Vectors(Path probes, List<String> probeIds, Path gallery, List<String> galleryIds, int dimension, Path work) {

    /** Runs Faiss; returns what it printed. */
    String search(int k) throws IOException, InterruptedException {
      Path log = work.resolve("faiss.log");
      Process process = new ProcessBuilder(PYTHON, SCRIPT.toString(), probes.toString(), gallery.toString(),
          String.valueOf(dimension), String.valueOf(k), work.resolve("faiss").toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("Faiss failed:\n" + Files.readString(log));
      }
      return Files.readString(log);
    }

    /** Compares the job's (probe, rank) -> gallery id with Faiss's last search. */
    Agreement compare(SparkSession spark, Path matches, int k) throws IOException {
      long[] ids = longs(work.resolve("faiss.ids"));
      float[] scores = floats(work.resolve("faiss.scores"));
      Map<String, Integer> probeRow = new HashMap<>();
      for (int i = 0; i < probeIds.size(); i++) {
        probeRow.put(probeIds.get(i), i);
      }
      long same = 0;
      long ties = 0;
      long total = 0;
      Iterator<Row> rows = spark.read().parquet(matches.toString()).select("probe_id", "rank", "gallery_id", "score")
          .toLocalIterator();
      while (rows.hasNext()) {
        Row row = rows.next();
        int at = probeRow.get(row.getString(0)) * k + row.getInt(1) - 1;
        total++;
        if (galleryIds.get((int) ids[at]).equals(row.getString(2))) {
          same++;
        } else if (Math.abs(scores[at] - row.getFloat(3)) <= 1e-5f) {
          ties++;
        }
      }
      if (total != (long) probeIds.size() * Math.min(k, galleryIds.size())) {
        throw new IllegalStateException("the matches table has " + total + " rows, expected "
            + (long) probeIds.size() * k);
      }
      return new Agreement(same, ties, total);
    }
  }

  record Agreement(long same, long ties, long total) {
  }

  static Vectors export(SparkSession spark, Path work, Path probeTable, Path galleryTable, int dimension)
      throws IOException {
    Path probes = work.resolve("probes.f32");
    Path gallery = work.resolve("gallery.f32");
    return new Vectors(probes, write(spark, probeTable, probes, dimension), gallery,
        write(spark, galleryTable, gallery, dimension), dimension, work);
  }

  private static List<String> write(SparkSession spark, Path table, Path file, int dimension) throws IOException {
    List<String> ids = new ArrayList<>();
    ByteBuffer row = ByteBuffer.allocate(4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
      Iterator<Row> rows = spark.read().parquet(table.toString()).select("image_id", "embedding").toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        ids.add(r.getString(0));
        List<Float> v = r.getList(1);
        row.clear();
        for (int i = 0; i < dimension; i++) {
          row.putFloat(v.get(i));
        }
        out.write(row.array());
      }
    }
    return ids;
  }

  private static long[] longs(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long[] values = new long[bytes.remaining() / 8];
    bytes.asLongBuffer().get(values);
    return values;
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  private static int run(List<String> command, boolean show) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (show) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    return builder.start().waitFor();
  }
}
