package io.facespark.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a Parquet table so that readers never see half of it.
 *
 * <p>Why staging: Spark's own overwrite deletes the old table first, so a run killed mid-write
 * leaves neither the old nor a complete new table. Here the new table is written by Spark's
 * committer into a hidden sibling ({@code .<name>.staging-<id>}) and only a finished write is
 * renamed into place (a metadata operation on HDFS and local disks). Leftovers of killed runs
 * are hidden names that Spark readers skip, and the next run of the same output removes them.
 */
public final class TableWriter {

  /** parquet-mr's switch, taken per column as {@code <key>#<column path>} (ColumnConfigParser). */
  private static final String DICTIONARY = "parquet.enable.dictionary";

  private final SparkSession spark;
  private final Path table;
  private final FileSystem fs;

  public TableWriter(SparkSession spark, String location) {
    this.spark = spark;
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try {
      Path path = new Path(location);
      this.fs = path.getFileSystem(hadoop);
      this.table = fs.makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  public Path location() {
    return table;
  }

  /** True when something (a table or anything else) is at the location. */
  public boolean exists() {
    try {
      return fs.exists(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes this run the table's only writer until the lock is closed (see {@link OutputLock});
   * throws, naming the holder, while another run writes it.
   */
  public OutputLock lock(String option, String runId) {
    return OutputLock.acquire(fs, table, option, runId);
  }

  /** The check a job runs before any Spark stage: refuses to clobber without being told to. */
  public void checkWritable(WriteMode mode, String option) {
    if (mode == WriteMode.ERROR && exists()) {
      throw new IllegalArgumentException(option + " " + table + " already exists. Use --mode overwrite to"
          + " replace it or --mode append to add to it.");
    }
    try {
      if (exists() && !fs.getFileStatus(table).isDirectory()) {
        throw new IllegalArgumentException(option + " " + table + " is a file, not a table directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Existing rows, for append-mode guards; empty when there is no table yet. */
  public Dataset<Row> readExisting() {
    return spark.read().parquet(table.toString());
  }

  public void write(Dataset<Row> rows, WriteMode mode) {
    removeLeftovers();
    if (mode == WriteMode.APPEND) {
      writer(rows).mode(SaveMode.Append).parquet(table.toString());
      return;
    }
    Path staging = new Path(table.getParent(), "." + table.getName() + ".staging-" + UUID.randomUUID());
    writer(rows).mode(SaveMode.ErrorIfExists).parquet(staging.toString());
    try {
      if (fs.exists(table)) {
        if (mode == WriteMode.ERROR) {
          fs.delete(staging, true);
          throw new IllegalStateException(table + " appeared while this job ran; the new table was discarded");
        }
        Path old = new Path(table.getParent(), "." + table.getName() + ".old-" + UUID.randomUUID());
        rename(table, old);
        rename(staging, table);
        fs.delete(old, true);
      } else {
        fs.mkdirs(table.getParent());
        rename(staging, table);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not move the finished table into " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parquet's dictionary encoding is switched off for float-array columns (embeddings): their
   * values are practically all distinct, so the dictionary only costs time and then loses to plain
   * encoding anyway. Other columns keep it.
   */
  private static DataFrameWriter<Row> writer(Dataset<Row> rows) {
    DataFrameWriter<Row> writer = rows.write();
    for (StructField field : rows.schema().fields()) {
      if (field.dataType() instanceof ArrayType array && array.elementType() == DataTypes.FloatType) {
        // Spark writes array<float> as the standard three-level LIST: <name>.list.element.
        writer = writer.option(DICTIONARY + "#" + field.name() + ".list.element", "false");
      }
    }
    return writer;
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /** Hidden staging/old directories that a killed run of this table left behind. */
  private void removeLeftovers() {
    try {
      if (!fs.exists(table.getParent())) {
        return;
      }
      String prefix = "." + table.getName() + ".";
      for (var status : fs.listStatus(table.getParent())) {
        String name = status.getPath().getName();
        if (name.startsWith(prefix + "staging-") || name.startsWith(prefix + "old-")) {
          fs.delete(status.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
