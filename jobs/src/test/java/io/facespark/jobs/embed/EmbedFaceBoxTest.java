package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.FixedFaceBox;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.model.facerec.FaceRecEmbedder;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.jobs.JobRun;
import io.facespark.testing.SparkTestBase;
import io.facespark.testing.TestData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.Row;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** embed --detect box on real LFW images, against the same stages run directly. */
class EmbedFaceBoxTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static Path lfw;
  private static int images;

  @BeforeAll
  static void copyLfw() throws Exception {
    lfw = work.resolve("lfw");
    images = LfwSubset.copy(lfw, 3, 2);
  }

  private static List<Row> rows(Path table) {
    return spark.read().parquet(table.toString()).orderBy("path").collectAsList();
  }


  @Test
  void everyImageIsOneFaceAlignedOnTheLandmarksFoundInTheLfwBox() throws Exception {
    Path faces = work.resolve("box");

    JobRun run = EmbedCommandTest.embed("--input", lfw.toString(), "--output", faces.toString(), "--detect", "box",
        "--batch-size", "4");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).as("no detector ran, so no detector misses").doesNotContain("no face found");
    assertThat(spark.read().parquet(faces + "_rejects").count()).isZero();
    List<Row> rows = rows(faces);
    assertThat(rows).hasSize(images);
    Path models = TestData.models().requireVerifiedModelDir();
    try (LandmarkedFaceLocator locator = DetectorSource.fixedBox(models, FixedFaceBox.LFW_DEEPFUNNELED).open();
         FaceRecEmbedder embedder = FaceRecEmbedder.load(models)) {
      for (Row row : rows) {
        Path image = Paths.get(URI.create(row.getString(row.fieldIndex("path"))));
        try (Mat bgr = new ImageDecoder().decode(Files.readAllBytes(image))) {
          FaceLocation face = locator.locate(bgr).get(0);
          float[] expected = embedder.embed(Aligner.dlib().extract(bgr, face, embedder.inputSpec()))[0];

          Row bbox = row.getStruct(row.fieldIndex("bbox"));
          assertThat(bbox.getFloat(0)).as("%s x", image).isEqualTo(0.30f * bgr.cols(), within(1e-3f));
          assertThat(bbox.getFloat(3)).as("%s h", image).isEqualTo(0.47f * bgr.rows(), within(1e-3f));
          assertThat(row.isNullAt(row.fieldIndex("det_score"))).as("nothing was detected").isTrue();
          assertThat(row.getInt(row.fieldIndex("face_index"))).isZero();
          assertThat(FacesTables.embedding(row)).as("%s: landmarks in the box, then the aligned chip", image)
              .containsExactly(expected, within(1e-5f));
        }
      }
    }
  }

  @Test
  void mobilefacenetGetsItsArcfaceChipAndAFusionOneChipPerMemberFromTheSameLandmarks() throws Exception {
    Path single = work.resolve("mobilefacenet");
    Path fusion = work.resolve("fusion");

    JobRun singleRun = EmbedCommandTest.embed("--input", lfw.toString(), "--output", single.toString(),
        "--detect", "box", "--model", "mobilefacenet");
    JobRun fusionRun = EmbedCommandTest.embed("--input", lfw.toString(), "--output", fusion.toString(),
        "--detect", "box", "--model", "facerec,mobilefacenet");

    assertThat(singleRun.exitCode()).as(singleRun.output()).isZero();
    assertThat(fusionRun.exitCode()).as(fusionRun.output()).isZero();
    List<Row> singleRows = rows(single);
    List<Row> fusionRows = rows(fusion);
    assertThat(fusionRows).hasSize(images);
    Path models = TestData.models().requireVerifiedModelDir();
    float half = (float) Math.sqrt(0.5);
    try (LandmarkedFaceLocator locator = DetectorSource.fixedBox(models, FixedFaceBox.LFW_DEEPFUNNELED).open();
         FaceRecEmbedder facerec = FaceRecEmbedder.load(models);
         FaceEmbedder mobilefacenet = FaceEmbedders.open(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.NONE)) {
      assertThat(mobilefacenet.inputSpec().chip()).isEqualTo(ChipStyle.ARCFACE);
      for (int i = 0; i < images; i++) {
        Row row = singleRows.get(i);
        Path image = Paths.get(URI.create(row.getString(row.fieldIndex("path"))));
        try (Mat bgr = new ImageDecoder().decode(Files.readAllBytes(image))) {
          FaceLocation face = locator.locate(bgr).get(0);
          float[] arcface = mobilefacenet.embed(Aligner.dlib().extract(bgr, face, mobilefacenet.inputSpec()))[0];
          float[] dlib = facerec.embed(Aligner.dlib().extract(bgr, face, facerec.inputSpec()))[0];
          float[] fused = new float[dlib.length + arcface.length];
          for (int k = 0; k < fused.length; k++) {
            fused[k] = half * (k < dlib.length ? dlib[k] : arcface[k - dlib.length]);
          }
          assertThat(FacesTables.embedding(row)).as("%s: the 112x112 arcface chip", image).containsExactly(arcface, within(1e-5f));
          assertThat(FacesTables.embedding(fusionRows.get(i))).as("%s: each member's chip, fused", image)
              .containsExactly(fused, within(1e-5f));
        }
      }
      assertThat(singleRows.get(0).getString(singleRows.get(0).fieldIndex("model_version")))
          .isEqualTo(mobilefacenet.modelVersion());
      assertThat(fusionRows.get(0).getString(fusionRows.get(0).fieldIndex("model_version")))
          .isEqualTo("fusion(" + facerec.modelVersion() + "," + mobilefacenet.modelVersion() + ")");
    }
  }

  @Test
  void aFaceBoxOfYourOwnMovesTheBoxAndTheEmbedding() {
    Path lfwBox = work.resolve("lfw-box");
    Path ownBox = work.resolve("own-box");

    JobRun lfwRun = EmbedCommandTest.embed("--input", lfw.toString(), "--output", lfwBox.toString(), "--detect", "box");
    JobRun ownRun = EmbedCommandTest.embed("--input", lfw.toString(), "--output", ownBox.toString(), "--detect", "box",
        "--face-box", "0.2,0.2,0.6,0.6");

    assertThat(lfwRun.exitCode()).as(lfwRun.output()).isZero();
    assertThat(ownRun.exitCode()).as(ownRun.output()).isZero();
    List<Row> lfwRows = rows(lfwBox);
    List<Row> ownRows = rows(ownBox);
    assertThat(ownRows).hasSize(images);
    for (int i = 0; i < images; i++) {
      Row bbox = ownRows.get(i).getStruct(ownRows.get(i).fieldIndex("bbox"));
      assertThat(bbox.getFloat(0)).isEqualTo(50f, within(1e-3f));
      assertThat(bbox.getFloat(2)).isEqualTo(150f, within(1e-3f));
      assertThat(FacesTables.embedding(ownRows.get(i))).as("landmarks found in another box align differently")
          .isNotEqualTo(FacesTables.embedding(lfwRows.get(i)));
    }
  }

  @Test
  void aFaceBoxIsRefusedWhenBadOrWithoutDetectBox() {
    Path never = work.resolve("never");

    JobRun withoutBox = EmbedCommandTest.embed("--input", lfw.toString(), "--output", never.toString(),
        "--face-box", "0.2,0.2,0.6,0.6");
    JobRun zeroWidth = EmbedCommandTest.embed("--input", lfw.toString(), "--output", never.toString(),
        "--detect", "box", "--face-box", "0.2,0.2,0,0.6");
    JobRun notANumber = EmbedCommandTest.embed("--input", lfw.toString(), "--output", never.toString(),
        "--detect", "box", "--face-box", "0.2,top,0.5,0.6");
    JobRun outside = EmbedCommandTest.embed("--input", lfw.toString(), "--output", never.toString(),
        "--detect", "box", "--face-box", "1.5,0,0.5,0.5");

    assertThat(withoutBox.exitCode()).isEqualTo(2);
    assertThat(withoutBox.output()).contains("--face-box applies to --detect box only (got --detect none)");
    assertThat(zeroWidth.exitCode()).isEqualTo(2);
    assertThat(zeroWidth.output()).contains("--face-box width and height must be fractions in (0, 1], got '0.2,0.2,0,0.6'");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.output()).contains("--face-box value 'top' is not a number");
    assertThat(outside.exitCode()).isEqualTo(2);
    assertThat(outside.output()).contains("--face-box '1.5,0,0.5,0.5' lies outside the image");
    assertThat(never).doesNotExist();
  }
}
