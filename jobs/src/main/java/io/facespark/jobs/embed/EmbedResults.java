package io.facespark.jobs.embed;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.PipelineRow;
import io.facespark.jobs.table.Tables;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The tasks' output before it is split into the faces and rejects tables: one schema for both
 * kinds of row, so one pass over the images yields both tables.
 */
final class EmbedResults {

  static final String FACE = "face";
  static final String REJECT = "reject";

  static final StructType SCHEMA = createStructType(List.of(
      createStructField("kind", StringType, false),
      createStructField("image_id", StringType, false),
      createStructField("path", StringType, false),
      createStructField("label", StringType, true),
      createStructField("face_index", IntegerType, true),
      createStructField("bbox", Tables.BBOX, true),
      createStructField("det_score", FloatType, true),
      createStructField("embedding", createArrayType(FloatType, false), true),
      createStructField("stage", StringType, true),
      createStructField("reason", StringType, true),
      // What the image decoder reported about an image it still decoded (see DecoderWarnings).
      createStructField("decoder_warnings", IntegerType, true),
      createStructField("first_decoder_warning", StringType, true),
      // Which detection pass found the face (MultiPassFaceLocator); counted by the summary.
      createStructField("det_pass", StringType, true)));

  private EmbedResults() {
  }

  static Row toRow(PipelineRow result) {
    String imageId = ImageIds.of(result.path());
    if (result instanceof PipelineRow.Face face) {
      FaceLocation at = face.location();
      Row bbox = at.detected() ? RowFactory.create(at.x(), at.y(), at.w(), at.h()) : null;
      return RowFactory.create(FACE, imageId, face.path(), face.label(), face.faceIndex(), bbox,
          at.score(), face.embedding(), null, null, face.warnings().count(), face.warnings().first(), at.pass());
    }
    PipelineRow.Reject reject = (PipelineRow.Reject) result;
    // The reason names the file, so a reason read on its own (a log line, a report) still says which.
    String name = reject.path().substring(reject.path().lastIndexOf('/') + 1);
    String reason = name + ": " + reject.reason();
    return RowFactory.create(REJECT, imageId, reject.path(), null, null, null, null, null,
        reject.stage(), reason, null, null, null);
  }
}
