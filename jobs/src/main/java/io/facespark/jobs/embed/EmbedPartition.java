package io.facespark.jobs.embed;

import io.facespark.core.detect.DetectorSource;
import io.facespark.core.model.EmbedderSource;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.pipeline.EmbeddingPipeline;
import io.facespark.core.pipeline.EncodedImage;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.jobs.spark.SerializableHadoopConf;
import io.facespark.jobs.spark.TaskNativeThreads;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * One task's work: read each file, decode, crop (or detect and align), embed in batches with this JVM's pooled copy of
 * the broadcast model, and stream out face and reject rows, counting them for the summary on the
 * way. No per-row model calls; memory is bounded by one batch.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<EmbedderSource> model;
  /** Null with --detect none. */
  private final Broadcast<DetectorSource> detector;
  private final Broadcast<SerializableHadoopConf> hadoop;
  private final EmbedSettings settings;
  private final EmbedTallies tallies;

  EmbedPartition(Broadcast<EmbedderSource> model, Broadcast<DetectorSource> detector,
                 Broadcast<SerializableHadoopConf> hadoop, EmbedSettings settings, EmbedTallies tallies) {
    this.model = model;
    this.detector = detector;
    this.hadoop = hadoop;
    this.settings = settings;
    this.tallies = tallies;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    FaceEmbedder embedder = ExecutorModels.borrow(settings.modelVersion(), model.value());
    TaskNativeThreads threads = TaskNativeThreads.limit(task);
    // Return the embedder when the task ends, however it ends, so the next task reuses it.
    task.addTaskCompletionListener((TaskContext ctx) -> ExecutorModels.release(settings.modelVersion(), embedder));
    FaceLocator locator = detector == null ? null : ExecutorModels.borrowDetector(detector.value());
    if (locator != null) {
      task.addTaskCompletionListener((TaskContext ctx) -> ExecutorModels.releaseDetector(detector.value(), locator));
    }
    // The partition's name in the tallies: its first file (each file is in one partition only). Not
    // the task's partition id, which names a merged task's several partitions alike.
    String[] firstPath = {""};
    FileReader reader = new FileReader(hadoop.value().get(), settings.maxFileBytes(), settings.readTimeoutSeconds());
    Iterator<EncodedImage> inputs = new Iterator<>() {
      private int served;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public EncodedImage next() {
        Row row = rows.next();
        if (served++ == 0) {
          firstPath[0] = row.getString(0);
        }
        // Images are read one at a time and embedded a batch at a time: between rows is between calls.
        threads.rebalance();
        if (settings.failFirstAttempt() && task.partitionId() == 0 && task.attemptNumber() == 0 && served > 2) {
          // Test-only fault switch (spark.facespark.test.failFirstAttempt): fail mid-partition,
          // after rows were produced, so a retry must not leave duplicates behind.
          throw new IllegalStateException("injected failure of the first attempt of partition 0");
        }
        return reader.read(row.getString(0), row.isNullAt(1) ? null : row.getString(1),
            row.isNullAt(3) ? null : row.getString(3));
      }
    };
    EmbeddingPipeline pipeline = new EmbeddingPipeline(inputs,
        settings.preprocessor(embedder.chipSpecs(), locator), embedder, settings.batchSize());
    EmbedTally tally = new EmbedTally();
    return new Iterator<>() {
      private boolean reported;

      @Override
      public boolean hasNext() {
        boolean more = pipeline.hasNext();
        if (!more && !reported) {
          // The whole partition is counted: only now does its tally go to the driver.
          tallies.add(new EmbedTallies.Partition(firstPath[0], tally));
          reported = true;
        }
        return more;
      }

      @Override
      public Row next() {
        Row row = EmbedResults.toRow(pipeline.next());
        tally.count(row);
        return row;
      }
    };
  }
}
