package io.facespark.jobs.watchlist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Probe and gallery sides ready for the search: {@code vectors} (ordinal, entry, embedding) and
 * {@code meta} (ordinal and the ids written to the matches table). Ordinals follow the sort order
 * of (image_id, face_index, path), or of the label for mean templates, so ties resolve by id.
 */
record Sides(Dataset<Row> vectors, Dataset<Row> meta, long count, long entries, Dataset<Row> cached) {

  private static final String[] ORDER = {"image_id", "face_index", "path"};

  /** Probe ordinals need no order (ties are broken on the gallery side): numbered as read. */
  static Sides probes(SparkSession spark, Dataset<Row> valid, long count) {
    Dataset<Row> numbered = Ordinals.number(spark, valid
        .select("image_id", "face_index", "path", "label", "embedding"), "ordinal")
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new Sides(numbered.select(col("ordinal"), col("ordinal").as("entry"), col("embedding")),
        numbered.select(col("ordinal").as("probe_ordinal"), col("image_id").as("probe_id"),
            col("face_index").as("probe_face_index"), col("path").as("probe_path"), col("label").as("probe_label")),
        count, count, numbered);
  }

  /** {@code count}: the usable faces ({@code valid}'s size); identity modes count their own entries. */
  static Sides gallery(SparkSession spark, Dataset<Row> valid, GalleryMode mode, int dimension, long usable) {
    Dataset<Row> faces = mode.byIdentity() ? valid.filter(col("label").isNotNull()) : valid;
    if (mode == GalleryMode.IDENTITY_MEAN) {
      return meanTemplates(spark, faces, dimension);
    }
    Dataset<Row> numbered = Ordinals.number(spark, faces.orderBy(ORDER[0], ORDER[1], ORDER[2])
        .select("image_id", "face_index", "label", "embedding"), "ordinal");
    if (mode == GalleryMode.IDENTITY_MAX) {
      Dataset<Row> labels = Ordinals.number(spark, faces.select("label").distinct().orderBy("label"), "entry");
      numbered = numbered.join(labels, "label");
    } else {
      numbered = numbered.withColumn("entry", col("ordinal"));
    }
    numbered = numbered.persist(StorageLevel.MEMORY_AND_DISK());
    long count = mode == GalleryMode.IDENTITY_MAX ? numbered.count() : usable;
    long entries = mode == GalleryMode.IDENTITY_MAX ? numbered.select("entry").distinct().count() : count;
    return new Sides(numbered.select("ordinal", "entry", "embedding"),
        numbered.select(col("ordinal").as("gallery_ordinal"), col("image_id").as("gallery_id"),
            col("face_index").as("gallery_face_index"), col("label").as("gallery_label")),
        count, entries, numbered);
  }

  /** One unit vector per identity: the renormalised mean of its (unit) embeddings. */
  private static Sides meanTemplates(SparkSession spark, Dataset<Row> faces, int dimension) {
    var templates = faces.select("label", "embedding").javaRDD()
        .mapToPair(row -> new Tuple2<String, List<Float>>(row.getString(0), row.getList(1)))
        .aggregateByKey(new double[dimension], (sum, v) -> {
          for (int k = 0; k < dimension; k++) {
            sum[k] += v.get(k);
          }
          return sum;
        }, (a, b) -> {
          for (int k = 0; k < dimension; k++) {
            a[k] += b[k];
          }
          return a;
        })
        .map(pair -> {
          double norm = 0;
          for (double v : pair._2()) {
            norm += v * v;
          }
          // Opposite images can cancel: such a template is a zero vector and cannot be ranked.
          List<Float> mean = new ArrayList<>(dimension);
          for (double v : pair._2()) {
            mean.add(norm == 0 ? 0f : (float) (v / Math.sqrt(norm)));
          }
          return RowFactory.create(pair._1(), mean.toArray(new Float[0]));
        });
    StructType schema = new StructType().add("label", DataTypes.StringType, false)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    Dataset<Row> numbered = Ordinals.number(spark,
            spark.createDataFrame(templates, schema).filter("exists(embedding, x -> x <> 0)").orderBy("label"),
            "ordinal")
        .withColumn("entry", col("ordinal"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long count = numbered.count();
    return new Sides(numbered.select("ordinal", "entry", "embedding"),
        numbered.select(col("ordinal").as("gallery_ordinal"), lit(null).cast("string").as("gallery_id"),
            lit(null).cast("int").as("gallery_face_index"), col("label").as("gallery_label")),
        count, count, numbered);
  }

  void release() {
    cached.unpersist(false);
  }
}
