package io.facespark.jobs.train;

import io.facespark.core.train.EmbeddingHead;
import io.facespark.jobs.spark.TaskNativeThreads;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Re-embeds faces-table rows through a head, a batch of rows at a time, without touching the
 * images: every column is kept but {@code embedding} (the head's), {@code model} (+head),
 * {@code model_version} (the head's) and {@code embedded_at}.
 */
final class HeadProjection implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;
  private static final int BATCH = 1024;

  private final Broadcast<byte[][]> head;
  private final Timestamp at;

  HeadProjection(Broadcast<byte[][]> head, Timestamp at) {
    this.head = head;
    this.at = at;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    EmbeddingHead model = EmbeddingHead.fromBytes(head.value()[0], head.value()[1]);
    TaskNativeThreads.limit(TaskContext.get());
    return new Iterator<>() {
      private Iterator<Row> batch = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        if (!batch.hasNext() && rows.hasNext()) {
          batch = project(rows, model);
        }
        return batch.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.next();
      }
    };
  }

  private Iterator<Row> project(Iterator<Row> rows, EmbeddingHead model) {
    List<Row> in = new ArrayList<>(BATCH);
    while (rows.hasNext() && in.size() < BATCH) {
      in.add(rows.next());
    }
    float[][] base = new float[in.size()][];
    for (int i = 0; i < base.length; i++) {
      List<Float> values = in.get(i).getList(in.get(i).fieldIndex("embedding"));
      base[i] = new float[values.size()];
      for (int k = 0; k < base[i].length; k++) {
        base[i][k] = values.get(k);
      }
    }
    float[][] projected = model.apply(base);
    List<Row> out = new ArrayList<>(in.size());
    for (int i = 0; i < base.length; i++) {
      Row r = in.get(i);
      List<Float> embedding = new ArrayList<>(projected[i].length);
      for (float v : projected[i]) {
        embedding.add(v);
      }
      out.add(RowFactory.create(r.getAs("image_id"), r.getAs("path"), r.getAs("label"), r.getAs("face_index"),
          r.getAs("bbox"), r.getAs("det_score"), r.getAs("det_pass"), JavaConverters.asScalaBuffer(embedding).toSeq(),
          r.<String>getAs("model") + "+head", model.version(), at));
    }
    return out.iterator();
  }
}
