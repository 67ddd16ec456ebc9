package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.facespark.core.align.Aligner;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.detect.MainFace;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.jobs.JobRun;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.SparkTestBase;
import io.facespark.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** embed --detect on the package's real demo photos, against the default detect stage run directly. */
class EmbedDetectTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static Path photos;
  private static final Map<String, List<FaceLocation>> direct = new HashMap<>();
  /** Each photo's main face ({@link MainFace}) among its direct detections. */
  private static final Map<String, Integer> main = new HashMap<>();

  @BeforeAll
  static void photosAndDirectDetections() throws Exception {
    photos = Files.createDirectories(work.resolve("photos/demo"));
    Path demo = TestData.models().demoDir();
    // The job's default detect stage (blazeface with its second passes and zoomed look), built directly.
    try (var detector = DetectorSource.detector(DetectorSource.DEFAULT_DETECTOR, TestData.models(), null,
        SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, true, true).open()) {
      for (int i = 1; i <= 6; i++) {
        Path photo = Files.copy(demo.resolve("sample" + i + ".jpg"), photos.resolve("sample" + i + ".jpg"));
        try (Mat image = new ImageDecoder().decode(Files.readAllBytes(photo))) {
          List<FaceLocation> faces = detector.locate(image);
          direct.put(photo.getFileName().toString(), faces);
          main.put(photo.getFileName().toString(), MainFace.of(faces, image.cols(), image.rows()));
        }
      }
    }
    // A smooth gradient: an image, but no face.
    BufferedImage gradient = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 240; y++) {
      for (int x = 0; x < 320; x++) {
        gradient.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 240) << 8 | 128);
      }
    }
    ImageIO.write(gradient, "jpg", photos.resolve("gradient.jpg").toFile());
  }

  private static Map<String, List<Row>> facesByFile(Path table) {
    Map<String, List<Row>> byFile = new HashMap<>();
    for (Row row : spark.read().parquet(table.toString()).orderBy("path", "face_index").collectAsList()) {
      String path = row.getString(row.fieldIndex("path"));
      byFile.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), f -> new java.util.ArrayList<>()).add(row);
    }
    return byFile;
  }

  @Test
  void everyDetectedFaceIsARowLargestFirstAndAFacelessImageIsADetectReject() {
    Path faces = work.resolve("all");

    JobRun run = EmbedCommandTest.embed("--input", photos.toString(), "--output", faces.toString(), "--detect", "all",
        "--batch-size", "8");

    assertThat(run.exitCode()).as(run.output()).isZero();
    Map<String, List<Row>> byFile = facesByFile(faces);
    assertThat(direct.values().stream().mapToInt(List::size).sum()).as("the demo photos hold faces").isGreaterThan(6);
    direct.forEach((file, locations) -> {
      List<Row> rows = byFile.get(file);
      assertThat(rows).as(file).hasSize(locations.size());
      for (int i = 0; i < rows.size(); i++) {
        Row bbox = rows.get(i).getStruct(rows.get(i).fieldIndex("bbox"));
        assertThat(rows.get(i).getInt(rows.get(i).fieldIndex("face_index"))).isEqualTo(i);
        assertThat(bbox.getFloat(0)).as("%s face %d x", file, i).isEqualTo(locations.get(i).x());
        assertThat(bbox.getFloat(3)).as("%s face %d h", file, i).isEqualTo(locations.get(i).h());
        assertThat(rows.get(i).getFloat(rows.get(i).fieldIndex("det_score"))).isEqualTo(locations.get(i).score());
        assertThat(rows.get(i).getString(rows.get(i).fieldIndex("det_pass"))).as("%s face %d pass", file, i)
            .isEqualTo(locations.get(i).pass());
        if (i > 0) {
          Row previous = rows.get(i - 1).getStruct(rows.get(i - 1).fieldIndex("bbox"));
          assertThat(bbox.getFloat(2) * bbox.getFloat(3)).as("%s: largest first", file)
              .isLessThanOrEqualTo(previous.getFloat(2) * previous.getFloat(3));
        }
      }
    });
    List<Row> rejects = spark.read().parquet(faces + "_rejects").collectAsList();
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).getString(0)).endsWith("gradient.jpg");
    assertThat(rejects.get(0).getString(1)).isEqualTo("detect");
    assertThat(rejects.get(0).getString(2)).contains("no face");
  }

  /**
   * det_pass says which pass found each face: small faces in a 3840 px mosaic of four demo photos
   * (the whole-image pass misses some, the tiles find them), against the same stage run directly.
   * (The padded pass's faces are MultiPassFaceLocatorTest's; its name reaches the column the same way.)
   */
  @Test
  void eachFaceRowSaysWhichDetectionPassFoundIt() throws Exception {
    Path images = Files.createDirectories(work.resolve("passes/images"));
    imwrite(images.resolve("mosaic.jpg").toString(),
        DetectionSets.mosaic("demo 2x2", DetectionSets.demoPhotos().subList(0, 4), 2, 1920).image());
    Map<String, List<FaceLocation>> expected = new HashMap<>();
    try (var detector = DetectorSource.detector(DetectorSource.DEFAULT_DETECTOR, TestData.models(), null,
        SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, true, true).open();
         var files = Files.list(images)) {
      for (Path file : files.toList()) {
        try (Mat image = new ImageDecoder().decode(Files.readAllBytes(file))) {
          expected.put(file.getFileName().toString(), detector.locate(image));
        }
      }
    }
    Path faces = work.resolve("passes/faces");

    JobRun run = EmbedCommandTest.embed("--input", images.toString(), "--output", faces.toString(), "--detect", "all");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(expected.values().stream().flatMap(List::stream).map(FaceLocation::pass).distinct())
        .as("faces of two passes to read back").contains("full", "tiled");
    Map<String, List<Row>> byFile = facesByFile(faces);
    expected.forEach((file, locations) -> {
      List<String> passes = byFile.getOrDefault(file, List.of()).stream()
          .map(row -> row.getString(row.fieldIndex("det_pass"))).toList();
      assertThat(passes).as(file).containsExactlyElementsOf(locations.stream().map(FaceLocation::pass).toList());
    });
  }

  /**
   * The default passes include the zoomed look: sample2's bowed head, which the other passes miss
   * (--det-passes multi), comes back as a zoomed row and is counted.
   */
  @Test
  void theDefaultZoomedLookAddsSample2sBowedHead() throws Exception {
    Path zoomed = work.resolve("zoom");
    Path multi = work.resolve("multi");

    JobRun run = EmbedCommandTest.embed("--input", photos.resolve("sample2*.jpg").toString(), "--output",
        zoomed.toString(), "--detect", "all");
    JobRun withoutZoom = EmbedCommandTest.embed("--input", photos.resolve("sample2*.jpg").toString(), "--output",
        multi.toString(), "--detect", "all", "--det-passes", "multi");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(withoutZoom.exitCode()).as(withoutZoom.output()).isZero();
    assertThat(passes(zoomed, "sample2.jpg")).as("sample2's rows by default").containsExactlyInAnyOrder("full", "full",
        "zoomed");
    assertThat(run.output()).contains("found by the zoomed pass");
    assertThat(passes(multi, "sample2.jpg")).as("sample2's rows with --det-passes multi").containsExactly("full", "full");
  }

  private static List<String> passes(Path faces, String file) throws Exception {
    return facesByFile(faces).get(file).stream().map(row -> row.getString(row.fieldIndex("det_pass"))).toList();
  }

  @Test
  void largestKeepsTheMainFaceWithTheSameEmbedding() {
    Path all = work.resolve("all-2");
    Path largest = work.resolve("largest");

    JobRun allRun = EmbedCommandTest.embed("--input", photos.toString(), "--output", all.toString(), "--detect", "all");
    JobRun largestRun = EmbedCommandTest.embed("--input", photos.toString(), "--output", largest.toString(),
        "--detect", "largest", "--batch-size", "3");

    assertThat(allRun.exitCode()).as(allRun.output()).isZero();
    assertThat(largestRun.exitCode()).as(largestRun.output()).isZero();
    Map<String, List<Row>> every = facesByFile(all);
    Map<String, List<Row>> first = facesByFile(largest);
    assertThat(first).hasSize(6);
    first.forEach((file, rows) -> {
      assertThat(rows).hasSize(1);
      Row a = rows.get(0);
      Row b = every.get(file).get(main.get(file));
      assertThat(a.getStruct(a.fieldIndex("bbox"))).isEqualTo(b.getStruct(b.fieldIndex("bbox")));
      // To float rounding: the model's sums, and with them the last bits, may depend on the batch
      // size (on one CI machine, a Xeon with AVX-512, by 8e-8); a wrong chip moves values by 1e-2.
      assertThat(FacesTables.embedding(a)).as("%s: aligned chip embeds the same in any batch", file)
          .containsExactly(FacesTables.embedding(b), within(1e-6f));
    });
  }

  @Test
  void noFaceCropFallsBackToTheFixedCropForAFacelessImage() {
    Path fallback = work.resolve("fallback");
    Path cropped = work.resolve("cropped");

    JobRun run = EmbedCommandTest.embed("--input", photos.toString(), "--output", fallback.toString(),
        "--detect", "largest", "--no-face", "crop");
    JobRun cropRun = EmbedCommandTest.embed("--input", photos.resolve("gradient*.jpg").toString(),
        "--output", cropped.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(cropRun.exitCode()).as(cropRun.output()).isZero();
    assertThat(run.output()).containsPattern("no face found: fixed crop\\s+1\\b");
    assertThat(spark.read().parquet(fallback + "_rejects").count()).isZero();
    Map<String, List<Row>> byFile = facesByFile(fallback);
    assertThat(byFile).hasSize(7);
    Row gradient = byFile.get("gradient.jpg").get(0);
    assertThat(byFile.get("gradient.jpg")).hasSize(1);
    assertThat(gradient.getInt(gradient.fieldIndex("face_index"))).isZero();
    assertThat(gradient.isNullAt(gradient.fieldIndex("bbox"))).isTrue();
    assertThat(gradient.isNullAt(gradient.fieldIndex("det_score"))).isTrue();
    assertThat(gradient.isNullAt(gradient.fieldIndex("det_pass"))).as("no pass found it").isTrue();
    Row crop = spark.read().parquet(cropped.toString()).first();
    assertThat(gradient.getList(gradient.fieldIndex("embedding"))).as("the fallback is exactly --detect none's crop")
        .isEqualTo(crop.getList(crop.fieldIndex("embedding")));
    direct.forEach((file, locations) -> {
      Row face = byFile.get(file).get(0);
      assertThat(face.getFloat(face.fieldIndex("det_score"))).as("%s: the main face's score", file)
          .isEqualTo(locations.get(main.get(file)).score());
    });
  }

  @Test
  void theSsdStaysSelectableAndItsRowsMatchItsDirectRun() throws Exception {
    Path faces = work.resolve("ssd");
    JobRun run = EmbedCommandTest.embed("--input", photos.resolve("sample1*.jpg").toString(), "--output", faces.toString(),
        "--detect", "all", "--detector", "ssd", "--det-passes", "single");

    assertThat(run.exitCode()).as(run.output()).isZero();
    try (SsdFaceDetector ssd = SsdFaceDetector.load(TestData.models().requireVerifiedModelDir());
         Mat image = new ImageDecoder().decode(Files.readAllBytes(photos.resolve("sample1.jpg")))) {
      List<FaceLocation> expected = ssd.locate(image);
      List<Row> rows = facesByFile(faces).get("sample1.jpg");
      assertThat(rows).hasSize(expected.size());
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rows.get(i).getFloat(rows.get(i).fieldIndex("det_score"))).isEqualTo(expected.get(i).score());
      }
    }
    assertThat(run.output()).as("one pass: no per-pass counts").doesNotContain("found by the");
  }

  /** Three real LFW photos, copied once for the landmark tests. */
  private static synchronized Path lfwPhotos() throws IOException {
    Path lfw = work.resolve("photos/lfw");
    if (!Files.isDirectory(lfw)) {
      Files.createDirectories(lfw);
      for (String[] image : new String[][] {{"Colin_Powell", "1"}, {"Colin_Powell", "2"}, {"George_W_Bush", "1"}}) {
        Path source = TestData.lfwImage(image[0], Integer.parseInt(image[1]));
        Files.copy(source, lfw.resolve(source.getFileName()));
      }
    }
    return lfw;
  }

  /** The main face of {@code image} as the job's blazeface stage with the landmarks {@code stage} finds it. */
  private static FaceLocation mainFace(LandmarkedFaceLocator stage, Mat image) {
    List<FaceLocation> faces = stage.locate(image);
    return faces.get(MainFace.of(faces, image.cols(), image.rows()));
  }

  private static LandmarkedFaceLocator blazeface(DetectorSource.Landmarks landmarks) {
    return DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null,
        SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, true, true, landmarks).open();
  }

  private static double maxDifference(List<Float> written, float[] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(written.get(i) - expected[i]));
    }
    return worst;
  }

  @Test
  void bothLandmarkSetsAverageTheEmbeddingsOfTheirTwoDirectRuns() throws Exception {
    Path lfw = lfwPhotos();
    for (String tta : new String[] {"none", "flip"}) {
      Path both = work.resolve("both-" + tta);
      JobRun run = EmbedCommandTest.embed("--input", lfw.toString(), "--output", both.toString(), "--detect", "largest",
          "--model", "mobilefacenet", "--landmarks", "68+mesh", "--tta", tta, "--batch-size", "2");
      assertThat(run.exitCode()).as(run.output()).isZero();

      Map<String, List<Row>> rows = facesByFile(both);
      assertThat(rows).as("every photo is a face row").hasSize(3);
      try (var l68 = blazeface(DetectorSource.Landmarks.L68); var mesh = blazeface(DetectorSource.Landmarks.MESH);
           FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.parse(tta))) {
        for (var entry : rows.entrySet()) {
          Row row = entry.getValue().get(0);
          assertThat(row.getString(row.fieldIndex("model_version"))).as("the version names the alignment")
              .isEqualTo(embedder.modelVersion() + "+68+mesh");
          try (Mat image = new ImageDecoder().decode(Files.readAllBytes(lfw.resolve(entry.getKey())))) {
            FaceLocation face = mainFace(l68, image);
            float[] from68 = embedder.embed(Aligner.dlib().extract(image, face, embedder.inputSpec()))[0];
            float[] fromMesh = embedder.embed(Aligner.dlib().extract(image, mainFace(mesh, image), embedder.inputSpec()))[0];
            // The renormalised mean, by hand.
            double norm = 0;
            for (int i = 0; i < from68.length; i++) {
              norm += (double) (from68[i] + fromMesh[i]) * (from68[i] + fromMesh[i]);
            }
            float[] expected = new float[from68.length];
            for (int i = 0; i < from68.length; i++) {
              expected[i] = (float) ((from68[i] + fromMesh[i]) / Math.sqrt(norm));
            }
            List<Float> written = row.getList(row.fieldIndex("embedding"));
            assertThat(maxDifference(written, expected)).as("%s %s: the job's average against the direct runs", tta,
                entry.getKey()).isLessThan(1e-5);
            assertThat(maxDifference(written, from68)).as("%s %s: not the 68 points' alone", tta, entry.getKey())
                .isGreaterThan(1e-3);
            assertThat(maxDifference(written, fromMesh)).as("%s %s: not the mesh's alone", tta, entry.getKey())
                .isGreaterThan(1e-3);
            Row bbox = row.getStruct(row.fieldIndex("bbox"));
            assertThat(new float[] {bbox.getFloat(0), bbox.getFloat(1), bbox.getFloat(2), bbox.getFloat(3)})
                .as("%s: the 68-point run's box", entry.getKey()).containsExactly(face.x(), face.y(), face.w(), face.h());
            assertThat(row.getFloat(row.fieldIndex("det_score"))).isEqualTo(face.score());
          }
        }
      }
    }
    JobRun appended = EmbedCommandTest.embed("--input", lfw.toString(), "--output", work.resolve("both-none").toString(),
        "--detect", "largest", "--model", "mobilefacenet", "--mode", "append");
    assertThat(appended.exitCode()).as("a 68-point run must not append to a 68+mesh table").isEqualTo(2);
    assertThat(appended.output()).contains("+68+mesh but this run uses");
  }

  @Test
  void meshLandmarksReachTheChipAndMatchTheirDirectRun() throws Exception {
    Path lfw = lfwPhotos();
    Path mesh = work.resolve("mesh");
    Path l68 = work.resolve("mesh-68");
    JobRun meshRun = EmbedCommandTest.embed("--input", lfw.toString(), "--output", mesh.toString(), "--detect", "largest",
        "--model", "mobilefacenet", "--landmarks", "mesh");
    JobRun l68Run = EmbedCommandTest.embed("--input", lfw.toString(), "--output", l68.toString(), "--detect", "largest",
        "--model", "mobilefacenet");
    assertThat(meshRun.exitCode()).as(meshRun.output()).isZero();
    assertThat(l68Run.exitCode()).as(l68Run.output()).isZero();

    Map<String, List<Row>> meshRows = facesByFile(mesh);
    Map<String, List<Row>> l68Rows = facesByFile(l68);
    assertThat(meshRows).hasSize(3);
    try (var stage = blazeface(DetectorSource.Landmarks.MESH);
         FaceEmbedder embedder = FaceEmbedders.open(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.parse("none"))) {
      for (var entry : meshRows.entrySet()) {
        try (Mat image = new ImageDecoder().decode(Files.readAllBytes(lfw.resolve(entry.getKey())))) {
          FaceLocation face = mainFace(stage, image);
          float[] expected = embedder.embed(Aligner.dlib().extract(image, face, embedder.inputSpec()))[0];
          Row row = entry.getValue().get(0);
          assertThat(row.getString(row.fieldIndex("model_version"))).as("the version names the alignment")
              .isEqualTo(embedder.modelVersion() + "+mesh");
          List<Float> written = row.getList(row.fieldIndex("embedding"));
          Row other = l68Rows.get(entry.getKey()).get(0);
          List<Float> from68 = other.getList(other.fieldIndex("embedding"));
          double direct = maxDifference(written, expected);
          double versus68 = 0;
          for (int i = 0; i < expected.length; i++) {
            versus68 = Math.max(versus68, Math.abs(written.get(i) - from68.get(i)));
          }
          assertThat(direct).as("%s: the job's mesh-aligned embedding against the direct run", entry.getKey()).isLessThan(1e-5);
          assertThat(versus68).as("%s: the mesh's chip is not the 68 points' chip", entry.getKey()).isGreaterThan(1e-3);
        }
      }
    }
  }

  @Test
  void badDetectionSettingsAreRefusedBeforeAnyStage() {
    refused("--det-threshold must be in (0, 1), got 1.5", "--detect", "all", "--det-threshold", "1.5");
    refused("--detect must be none, box, all or largest, got 'most'", "--detect", "most");
    refused("--no-face must be reject or crop, got 'skip'", "--detect", "all", "--no-face", "skip");
    refused("--detector must be blazeface or ssd, got 'yolo'", "--detect", "all", "--detector", "yolo");
    refused("--det-passes must be zoom, multi or single, got 'twice'", "--detect", "all", "--det-passes", "twice");
    refused("--detector applies to --detect all|largest only (got --detect none)", "--detector", "ssd");
    refused("--landmarks must be 68, mesh or 68+mesh, got '5'", "--detect", "all", "--landmarks", "5");
    refused("--landmarks applies to --detect all|largest only (got --detect none)", "--landmarks", "mesh");
    refused("--landmarks mesh is framed by BlazeFace's keypoints: use --detector blazeface (got --detector ssd)",
        "--detect", "all", "--detector", "ssd", "--landmarks", "mesh");
    refused("--landmarks mesh needs the five arcface points of FaceMesh, but --model facerec takes a dlib-style chip:"
        + " use --landmarks 68, or an arcface-chip model (mobilefacenet)", "--detect", "all", "--model", "facerec",
        "--landmarks", "mesh");
    refused("--landmarks 68+mesh needs the five arcface points of FaceMesh, but --model facerec takes a dlib-style"
        + " chip: use --landmarks 68, or an arcface-chip model (mobilefacenet)", "--detect", "largest", "--model",
        "facerec", "--landmarks", "68+mesh");
    refused("--landmarks mesh needs the five arcface points of FaceMesh, but --model mobilefacenet,facerec takes a"
        + " dlib-style chip", "--detect", "all", "--model", "mobilefacenet,facerec", "--landmarks", "mesh");
    refused("--landmarks 68+mesh averages one model's embeddings of two chips, but --model facerec,mobilefacenet is a"
        + " fusion: use a single arcface-chip model (mobilefacenet), or --landmarks 68", "--detect", "largest",
        "--model", "facerec,mobilefacenet", "--landmarks", "68+mesh");
    refused("--landmarks 68+mesh is framed by BlazeFace's keypoints: use --detector blazeface (got --detector ssd)",
        "--detect", "largest", "--detector", "ssd", "--landmarks", "68+mesh");
    assertThat(work.resolve("never")).doesNotExist();
  }

  /** The job exits 2 with {@code message} before writing anything. */
  private static void refused(String message, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("--input", photos.toString(), "--output",
        work.resolve("never").toString()));
    args.addAll(List.of(options));
    JobRun run = EmbedCommandTest.embed(args.toArray(new String[0]));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains(message);
  }
}
