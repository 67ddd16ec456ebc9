package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** Reads a faces table into path -> embedding, and compares two such tables. */
public final class FacesTables {

  private FacesTables() {
  }

  public static Map<String, float[]> embeddingsByPath(Path table) {
    Map<String, float[]> out = new TreeMap<>();
    for (Row row : SharedSpark.session().read().parquet(table.toString()).select("path", "embedding").collectAsList()) {
      float[] previous = out.put(row.getString(0), embedding(row));
      assertThat(previous).as("duplicate row for %s in %s", row.getString(0), table).isNull();
    }
    return out;
  }

  /** A row's {@code embedding} column as an array. */
  public static float[] embedding(Row row) {
    List<Float> values = row.getList(row.fieldIndex("embedding"));
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Same paths, one row each, embeddings equal within {@code tolerance}; returns the worst difference. */
  public static double assertSameFaces(Path actual, Path expected, double tolerance) {
    Map<String, float[]> a = embeddingsByPath(actual);
    Map<String, float[]> e = embeddingsByPath(expected);
    assertThat(a.keySet()).as("paths of %s vs %s", actual, expected).isEqualTo(e.keySet());
    double worst = 0;
    for (Map.Entry<String, float[]> entry : e.entrySet()) {
      float[] x = a.get(entry.getKey());
      float[] y = entry.getValue();
      assertThat(x).hasSameSizeAs(y);
      for (int i = 0; i < y.length; i++) {
        worst = Math.max(worst, Math.abs(x[i] - y[i]));
      }
    }
    assertThat(worst).as("max |difference| of embeddings").isLessThanOrEqualTo(tolerance);
    return worst;
  }
}
