package io.facespark.jobs.watchlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.metrics.Calibration;
import io.facespark.core.metrics.OpenSetIdentification;
import io.facespark.jobs.JobRun;
import io.facespark.jobs.table.Tables;
import io.facespark.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * watchlist against a brute-force reference in plain double loops, on random sets with forced
 * ties, over several block sizes and input partitionings.
 */
class WatchlistCommandTest extends SparkTestBase {

  @TempDir
  static Path work;

  private static final int DIM = 16;
  private static final int GALLERY_PEOPLE = 12;
  private static List<Face> galleryFaces;
  private static List<Face> probeFaces;
  private static Path galleryTable;
  private static Path probeTable;

  record Face(String id, int faceIndex, String label, float[] embedding) {
  }

  /** What the job must write for one probe: gallery id (or label) per rank and the score. */
  record Expected(String galleryId, String galleryLabel, float score) {
  }

  @BeforeAll
  static void writeTables() {
    Random random = new Random(5);
    galleryFaces = new ArrayList<>();
    for (int p = 0; p < GALLERY_PEOPLE; p++) {
      for (int i = 0; i < 1 + p % 3; i++) {
        galleryFaces.add(new Face(String.format("g%03d", galleryFaces.size()), 0, "P" + p, unit(random)));
      }
    }
    // Forced ties: g900 and g901 are exact copies of g000 and g005 under other ids and labels, and
    // g902 is a second face of the image of g001 with the same vector.
    galleryFaces.add(new Face("g900", 0, "Q0", galleryFaces.get(0).embedding().clone()));
    galleryFaces.add(new Face("g901", 0, "Q1", galleryFaces.get(5).embedding().clone()));
    galleryFaces.add(new Face("g001", 1, "P0", galleryFaces.get(1).embedding().clone()));
    probeFaces = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      probeFaces.add(new Face(String.format("p%03d", i), 0, i % 2 == 0 ? "P" + (i % GALLERY_PEOPLE) : "X" + i,
          unit(random)));
    }
    // A probe equal to g000: three-way tie at the top (g000, g900 and nothing else).
    probeFaces.add(new Face("p100", 0, "P0", galleryFaces.get(0).embedding().clone()));
    galleryTable = write("gallery", galleryFaces, 3);
    probeTable = write("probes", probeFaces, 2);
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int k = 0; k < DIM; k++) {
      v[k] = (float) random.nextGaussian();
      norm += v[k] * v[k];
    }
    for (int k = 0; k < DIM; k++) {
      v[k] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  static Path write(String name, List<Face> faces, int files) {
    return write(name, faces, files, "m-1");
  }

  static Path write(String name, List<Face> faces, int files, String version) {
    List<Row> rows = new ArrayList<>();
    for (Face f : faces) {
      rows.add(RowFactory.create(f.id(), "file:/data/" + f.label() + "/" + f.id() + ".jpg", f.label(), f.faceIndex(),
          null, null, null, f.embedding(), "m", version, new Timestamp(0)));
    }
    Path table = work.resolve(name);
    // The faces schema with a nullable embedding, so a test can write what a broken writer might.
    StructField[] fields = Tables.FACES.fields().clone();
    fields[Tables.FACES.fieldIndex("embedding")] = new StructField("embedding",
        DataTypes.createArrayType(DataTypes.FloatType, true), true, Metadata.empty());
    spark.createDataFrame(rows, new StructType(fields)).repartition(files).write().parquet(table.toString());
    return table;
  }

  static JobRun watchlist(String... args) {
    return JobRun.of("watchlist", args);
  }


  /** The job's normalisation and score, in plain loops: unit vectors in float, double sums. */
  static float[] normalised(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float[] u = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      u[k] = (float) (v[k] / Math.sqrt(norm));
    }
    return u;
  }

  static float score(float[] a, float[] b) {
    double sum = 0;
    float[] na = normalised(a);
    float[] nb = normalised(b);
    for (int k = 0; k < DIM; k++) {
      sum += (double) na[k] * nb[k];
    }
    return (float) sum;
  }

  /** Brute force, image mode: every gallery face, score desc, then gallery id, then face index. */
  static Map<String, List<Expected>> bruteForceImages(int k) {
    Map<String, List<Expected>> expected = new TreeMap<>();
    for (Face p : probeFaces) {
      List<Face> sorted = new ArrayList<>(galleryFaces);
      sorted.sort(Comparator.<Face>comparingDouble(g -> -score(p.embedding(), g.embedding()))
          .thenComparing(Face::id).thenComparingInt(Face::faceIndex));
      List<Expected> top = new ArrayList<>();
      for (Face g : sorted.subList(0, Math.min(k, sorted.size()))) {
        top.add(new Expected(g.id() + "#" + g.faceIndex(), g.label(), score(p.embedding(), g.embedding())));
      }
      expected.put(p.id(), top);
    }
    return expected;
  }

  /** Brute force, identity-max: each label's best face; ties by label, then by gallery id. */
  static Map<String, List<Expected>> bruteForceIdentityMax(int k) {
    Map<String, List<Expected>> expected = new TreeMap<>();
    for (Face p : probeFaces) {
      Map<String, Face> best = new HashMap<>();
      for (Face g : galleryFaces) {
        Face current = best.get(g.label());
        float s = score(p.embedding(), g.embedding());
        if (current == null || s > score(p.embedding(), current.embedding())
            || s == score(p.embedding(), current.embedding()) && (g.id() + g.faceIndex()).compareTo(current.id() + current.faceIndex()) < 0) {
          best.put(g.label(), g);
        }
      }
      List<Face> sorted = new ArrayList<>(best.values());
      sorted.sort(Comparator.<Face>comparingDouble(g -> -score(p.embedding(), g.embedding())).thenComparing(Face::label));
      List<Expected> top = new ArrayList<>();
      for (Face g : sorted.subList(0, Math.min(k, sorted.size()))) {
        top.add(new Expected(g.id() + "#" + g.faceIndex(), g.label(), score(p.embedding(), g.embedding())));
      }
      expected.put(p.id(), top);
    }
    return expected;
  }

  static Map<String, List<Expected>> written(Path output, String runId) {
    Map<String, List<Expected>> got = new TreeMap<>();
    for (Row r : spark.read().parquet(output.toString()).filter("run_id = '" + runId + "'")
        .orderBy("probe_id", "rank").collectAsList()) {
      String galleryId = r.isNullAt(r.fieldIndex("gallery_id")) ? null
          : r.getString(r.fieldIndex("gallery_id")) + "#" + r.getInt(r.fieldIndex("gallery_face_index"));
      got.computeIfAbsent(r.getString(r.fieldIndex("probe_id")), x -> new ArrayList<>())
          .add(new Expected(galleryId, r.getString(r.fieldIndex("gallery_label")), r.getFloat(r.fieldIndex("score"))));
    }
    return got;
  }

  @Test
  void imageModeEqualsBruteForceWithAnyBlockSizeAndPartitioning() {
    Map<String, List<Expected>> expected = bruteForceImages(4);
    assertThat(expected.get("p100").get(0).galleryId()).isEqualTo("g000#0");
    assertThat(expected.get("p100").get(1).galleryId()).as("the tie goes to the smaller id").isEqualTo("g900#0");
    String[][] blockings = {{}, {"--probe-block", "1", "--gallery-block", "1", "--tile-rows", "1"},
        {"--probe-block", "5", "--gallery-block", "7", "--tile-rows", "3"},
        {"--probe-block", "100", "--gallery-block", "4", "--tile-rows", "100"}};
    Path reshuffled = write("gallery-9-files", galleryFaces, 9);
    for (int b = 0; b < blockings.length; b++) {
      for (Path gallery : List.of(galleryTable, reshuffled)) {
        Path output = work.resolve("image-" + b + "-" + gallery.getFileName());
        List<String> args = new ArrayList<>(List.of("--probes", probeTable.toString(), "--gallery", gallery.toString(),
            "--output", output.toString(), "--top-k", "4", "--run-id", "r1"));
        args.addAll(List.of(blockings[b]));

        JobRun run = watchlist(args.toArray(new String[0]));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(written(output, "r1")).as("blocking %s, gallery %s", List.of(blockings[b]), gallery.getFileName())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void identityMaxRanksPeopleByTheirBestImage() {
    Path output = work.resolve("identity-max");

    JobRun run = watchlist("--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--output",
        output.toString(), "--top-k", "3", "--gallery-mode", "identity-max", "--gallery-block", "4", "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    Map<String, List<Expected>> got = written(output, "r1");
    assertThat(got).isEqualTo(bruteForceIdentityMax(3));
    got.values().forEach(list -> assertThat(list.stream().map(Expected::galleryLabel).distinct().count())
        .as("one row per identity").isEqualTo(list.size()));
  }

  @Test
  void identityMeanRanksTheRenormalisedMeanTemplates() {
    Path output = work.resolve("identity-mean");

    JobRun run = watchlist("--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--output",
        output.toString(), "--top-k", "2", "--gallery-mode", "identity-mean", "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    Map<String, float[]> sums = new TreeMap<>();
    for (Face g : galleryFaces) {
      float[] sum = sums.computeIfAbsent(g.label(), l -> new float[DIM]);
      float[] u = normalised(g.embedding());
      for (int k = 0; k < DIM; k++) {
        sum[k] += u[k];
      }
    }
    Map<String, List<Expected>> got = written(output, "r1");
    for (Face p : probeFaces) {
      List<Map.Entry<String, float[]>> ranked = new ArrayList<>(sums.entrySet());
      ranked.sort(Comparator.<Map.Entry<String, float[]>>comparingDouble(e -> -score(p.embedding(), e.getValue()))
          .thenComparing(Map.Entry::getKey));
      List<Expected> rows = got.get(p.id());
      assertThat(rows).hasSize(2);
      for (int r = 0; r < 2; r++) {
        assertThat(rows.get(r).galleryLabel()).as("probe %s rank %d", p.id(), r + 1).isEqualTo(ranked.get(r).getKey());
        assertThat(rows.get(r).galleryId()).as("a template is no single image").isNull();
        assertThat(rows.get(r).score()).isCloseTo(score(p.embedding(), ranked.get(r).getValue()), within(1e-6f));
      }
    }
  }

  @Test
  void thresholdKeepsStrongCandidatesAndMarksTheRestUnknown() {
    Path output = work.resolve("threshold");
    float threshold = 0.45f;

    JobRun run = watchlist("--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--output",
        output.toString(), "--top-k", "3", "--threshold", String.valueOf(threshold), "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    Map<String, List<Expected>> all = bruteForceImages(3);
    Map<String, List<Expected>> got = written(output, "r1");
    int unknown = 0;
    for (Map.Entry<String, List<Expected>> e : all.entrySet()) {
      List<Expected> kept = e.getValue().stream().filter(x -> x.score() >= threshold).toList();
      if (kept.isEmpty()) {
        unknown++;
        assertThat(got.get(e.getKey())).as("probe %s is unknown, with its best score", e.getKey())
            .containsExactly(new Expected(null, null, e.getValue().get(0).score()));
      } else {
        assertThat(got.get(e.getKey())).as("probe %s", e.getKey()).isEqualTo(kept);
      }
    }
    assertThat(unknown).as("the threshold splits this set").isBetween(1, all.size() - 1);
    assertThat(run.output()).containsPattern("unknown_probes\\s+" + unknown + "\\s");
  }

  /** A calibration as evaluate writes it, for faces cut by a fixed crop (NULL boxes, as here): 0.45 at FAR 1e-2. */
  private static Path calibration(String name, String modelVersion) {
    Path file = work.resolve(name);
    new Calibration("m", modelVersion, "crop", "none", "test set", "faces", 10, 5, 40, 3e-5,
        List.of(new Calibration.OperatingPoint(1e-2, 0.45, 0.8))).write(file);
    return file;
  }

  @Test
  void thresholdFromACalibrationActsAsItsCosine() {
    Path file = calibration("calibration.json", "m-1");
    String[] base = {"--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--top-k", "3"};

    JobRun cosine = watchlist(concat(base, "--output", work.resolve("by-cosine").toString(), "--threshold", "0.45",
        "--run-id", "r1"));
    JobRun far = watchlist(concat(base, "--output", work.resolve("by-far").toString(), "--threshold", "far:1e-2",
        "--calibration", file.toString(), "--run-id", "r1"));

    assertThat(cosine.exitCode()).as(cosine.output()).isZero();
    assertThat(far.exitCode()).as(far.output()).isZero();
    assertThat(written(work.resolve("by-far"), "r1")).isEqualTo(written(work.resolve("by-cosine"), "r1"));
    assertThat(far.output()).containsPattern("threshold\\s+0\\.45\\s").contains("threshold_far").contains("1e-2 (test set");
  }

  @Test
  void aCalibratedThresholdNeedsACalibrationOfTheseFaces() {
    Path otherModel = calibration("other-model.json", "m-2");
    String[] base = {"--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--output",
        work.resolve("never").toString()};

    JobRun noneShipped = watchlist(concat(base, "--threshold", "far:1e-3"));
    JobRun mismatch = watchlist(concat(base, "--threshold", "far:1e-2", "--calibration", otherModel.toString()));
    Path ours = calibration("ours.json", "m-1");
    JobRun unknownFar = watchlist(concat(base, "--threshold", "far:1e-3", "--calibration", ours.toString()));
    JobRun garbage = watchlist(concat(base, "--threshold", "far:lots"));

    assertThat(noneShipped.exitCode()).isEqualTo(2);
    assertThat(noneShipped.output()).contains("needs a calibration of m-1").contains("none is shipped")
        .contains("--calibration").doesNotContain("\tat ");
    assertThat(mismatch.exitCode()).isEqualTo(2);
    assertThat(mismatch.output()).contains("is for m-2 with crop alignment, but the faces are m-1");
    assertThat(unknownFar.exitCode()).isEqualTo(2);
    assertThat(unknownFar.output()).contains("has no threshold at FAR 1e-3; it has [far:1e-2]");
    assertThat(garbage.exitCode()).isEqualTo(2);
    assertThat(garbage.output()).contains("--threshold 'far:lots' is neither a cosine");
    assertThat(work.resolve("never")).doesNotExist();
  }

  @Test
  void rerunOfARunIdReplacesOnlyThatPartition() {
    Path output = work.resolve("reruns");
    String[] base = {"--probes", probeTable.toString(), "--gallery", galleryTable.toString(), "--output",
        output.toString()};

    JobRun first = watchlist(concat(base, "--top-k", "2", "--run-id", "2026-11-22"));
    JobRun second = watchlist(concat(base, "--top-k", "3", "--run-id", "2026-11-23"));
    JobRun rerun = watchlist(concat(base, "--top-k", "1", "--run-id", "2026-11-23"));

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(rerun.exitCode()).as(rerun.output()).isZero();
    assertThat(written(output, "2026-11-22")).as("the other night is untouched").isEqualTo(bruteForceImages(2));
    assertThat(written(output, "2026-11-23")).as("the rerun replaced its night, no duplicates")
        .isEqualTo(bruteForceImages(1));
  }

  @Test
  void badVectorsAreExcludedAndCounted() {
    List<Face> probes = new ArrayList<>(probeFaces.subList(0, 3));
    probes.add(new Face("nan", 0, "X", new float[DIM]));
    probes.get(3).embedding()[2] = Float.NaN;
    probes.add(new Face("zero", 0, "X", new float[DIM]));
    probes.add(new Face("short", 0, "X", new float[DIM - 1]));
    probes.add(new Face("null", 0, "X", null));
    Path table = write("bad-probes", probes, 1);
    Path output = work.resolve("bad-out");

    JobRun run = watchlist("--probes", table.toString(), "--gallery", galleryTable.toString(), "--output",
        output.toString(), "--top-k", "2", "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("probes_excluded: NaN, infinite or NULL values\\s+1\\s")
        .containsPattern("probes_excluded: zero vector\\s+1\\s")
        .containsPattern("probes_excluded: not 16-d\\s+1\\s")
        .containsPattern("probes_excluded: null embedding\\s+1\\s")
        .containsPattern("probe_faces\\s+3\\s");
    assertThat(written(output, "r1")).hasSize(3);
  }

  @Test
  void kLargerThanTheGalleryReturnsTheWholeGallery() {
    Path small = write("small-gallery", galleryFaces.subList(0, 3), 1);
    Path output = work.resolve("big-k");

    JobRun run = watchlist("--probes", probeTable.toString(), "--gallery", small.toString(), "--output",
        output.toString(), "--top-k", "10", "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("--top-k 10 is more than the 3 gallery entries");
    written(output, "r1").values().forEach(list -> assertThat(list).hasSize(3));
  }

  @Test
  void exactTiesAcrossBlocksAndPartitionsGoToTheSmallerIdWhateverTheBlocking() {
    // Every gallery face has the same vector, so every score ties exactly and only the names order
    // the lists. The faces come in a scrambled order, spread over files, partitions and blocks; one
    // row is duplicated outright; K exceeds the gallery, so the whole order is checked.
    float[] shared = galleryFaces.get(0).embedding();
    List<Face> tied = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      int n = i * 5 % 14;
      tied.add(new Face(String.format("t%02d", n), n % 2, "T" + n % 4, shared.clone()));
    }
    tied.add(new Face("t03", 1, "T3", shared.clone()));
    Comparator<Face> byId = Comparator.comparing(Face::id).thenComparingInt(Face::faceIndex);
    List<Face> byName = tied.stream().sorted(byId).toList();
    Map<String, Face> bestOfLabel = new TreeMap<>();
    byName.forEach(f -> bestOfLabel.putIfAbsent(f.label(), f));
    Map<String, List<Expected>> images = new TreeMap<>();
    Map<String, List<Expected>> identities = new TreeMap<>();
    for (Face p : probeFaces) {
      float s = score(p.embedding(), shared);
      images.put(p.id(), byName.stream().map(g -> new Expected(g.id() + "#" + g.faceIndex(), g.label(), s)).toList());
      identities.put(p.id(), bestOfLabel.values().stream()
          .map(g -> new Expected(g.id() + "#" + g.faceIndex(), g.label(), s)).toList());
    }
    // Probes and gallery one file each (the probes are then spread over the cores), default blocks;
    // a five-file gallery with tiny blocks.
    Map<Integer, String[][]> blockingsByFiles = Map.of(1, new String[][] {{}},
        5, new String[][] {{"--probe-block", "2", "--gallery-block", "1", "--tile-rows", "1"},
            {"--gallery-block", "4", "--tile-rows", "3"}});
    for (int files : blockingsByFiles.keySet()) {
      Path gallery = write("tied-" + files, tied, files);
      Path probes = files == 1 ? write("probes-one-file", probeFaces, 1) : probeTable;
      String[][] blockings = blockingsByFiles.get(files);
      for (int b = 0; b < blockings.length; b++) {
        for (String mode : List.of("image", "identity-max")) {
          Path output = work.resolve("tied-" + files + "-" + b + "-" + mode);
          List<String> args = new ArrayList<>(List.of("--probes", probes.toString(), "--gallery",
              gallery.toString(), "--output", output.toString(), "--top-k", "20", "--gallery-mode", mode,
              "--run-id", "r1"));
          args.addAll(List.of(blockings[b]));

          JobRun run = watchlist(args.toArray(new String[0]));

          assertThat(run.exitCode()).as(run.output()).isZero();
          assertThat(written(output, "r1")).as("%s, blocking %s, %d files", mode, List.of(blockings[b]), files)
              .isEqualTo(mode.equals("image") ? images : identities);
        }
      }
    }
  }

  @Test
  void emptyGalleryGivesAnEmptyRunAndSaysSo() {
    Path empty = write("empty-gallery", List.of(), 1);
    Path output = work.resolve("empty-out");

    JobRun run = watchlist("--probes", probeTable.toString(), "--gallery", empty.toString(), "--output",
        output.toString(), "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("the gallery has no usable faces; run r1").contains("is empty");
  }

  @Test
  void refusesMixedModelsAndMismatchedDimensionsBeforeSearching() {
    Path otherModel = write("other-model", galleryFaces, 1, "m-2");
    List<Face> wide = new ArrayList<>();
    for (Face f : galleryFaces) {
      wide.add(new Face(f.id(), f.faceIndex(), f.label(), new float[DIM * 2]));
      wide.get(wide.size() - 1).embedding()[0] = 1;
    }
    Path wideGallery = write("wide", wide, 1);

    JobRun models = watchlist("--probes", probeTable.toString(), "--gallery", otherModel.toString(), "--output",
        work.resolve("never1").toString());
    JobRun dims = watchlist("--probes", probeTable.toString(), "--gallery", wideGallery.toString(), "--output",
        work.resolve("never2").toString());
    JobRun missing = watchlist("--probes", work.resolve("nope").toString(), "--gallery", galleryTable.toString(),
        "--output", work.resolve("never3").toString());

    assertThat(models.exitCode()).isEqualTo(2);
    assertThat(models.output()).contains("probes were embedded by m-1 but the gallery by m-2");
    assertThat(dims.exitCode()).isEqualTo(2);
    assertThat(dims.output()).contains("probes have 16-d embeddings but the gallery 32-d");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.output()).contains("--probes").contains("does not exist");
    assertThat(work.resolve("never1")).doesNotExist();
  }

  @Test
  void lfwScenarioReportsOpenSetFigures() throws IOException {
    // People 0..5 have 3 images, people 6..9 one: gallery = first image of 0..5, mated probes = the
    // other 12, non-mated = the 4 singles. Images are noisy copies of a person's centre.
    Random random = new Random(9);
    List<Face> faces = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      float[] centre = unit(random);
      for (int i = 0; i < (p < 6 ? 3 : 1); i++) {
        float[] v = centre.clone();
        for (int k = 0; k < DIM; k++) {
          v[k] += (float) (0.2 * random.nextGaussian());
        }
        faces.add(new Face(String.format("L%d_%d", p, i), 0, "Person" + p, v));
      }
    }
    Path table = write("lfw-like", faces, 2);
    Path report = work.resolve("openset-report");

    JobRun run = watchlist("--scenario", "lfw", "--faces", table.toString(), "--output", work.resolve("openset").toString(),
        "--top-k", "3", "--gallery-mode", "identity-max", "--report", report.toString(), "--run-id", "r1");

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
    assertThat(m.get("gallery_faces").asInt()).isEqualTo(6);
    assertThat(m.get("mated_probes").asInt()).isEqualTo(12);
    assertThat(m.get("non_mated_probes").asInt()).isEqualTo(4);
    // Reference rank-1 rate: probes whose nearest gallery face is their own person's.
    int hits = 0;
    for (Face probe : faces) {
      int person = Integer.parseInt(probe.label().substring(6));
      if (person >= 6 || probe.id().endsWith("_0")) {
        continue;
      }
      Face best = null;
      for (Face g : faces) {
        if (g.id().endsWith("_0") && Integer.parseInt(g.label().substring(6)) < 6
            && (best == null || score(probe.embedding(), g.embedding()) > score(probe.embedding(), best.embedding()))) {
          best = g;
        }
      }
      hits += best.label().equals(probe.label()) ? 1 : 0;
    }
    assertThat(m.get("rank1_identification_rate").asDouble()).isCloseTo(hits / 12.0, within(1e-12));
    assertThat(m.get("fnir_at_fpir_1e-1").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("resolvable_fpir_1e-1").asBoolean()).as("4 non-mated probes cannot resolve 1e-1").isFalse();
    assertThat(report.resolve("cmc.png")).isNotEmptyFile();
    assertThat(report.resolve("report.html")).content().contains("data:image/png;base64,");
    // The notebooks' route: the same figures from the written matches table.
    OpenSetIdentification fromTable = OpenSetReport.fromMatches(spark.read().parquet(work.resolve("openset").toString()),
        WatchlistInputs.lfwScenario(spark.read().parquet(table.toString())).gallery().selectExpr("label AS gallery_label"),
        3);
    assertThat(fromTable.mated()).isEqualTo(12);
    assertThat(fromTable.nonMated()).isEqualTo(4);
    assertThat(fromTable.rank1Rate()).isEqualTo(m.get("rank1_identification_rate").asDouble());
    assertThat(fromTable.cmc()[2]).isEqualTo(m.get("rank3_identification_rate").asDouble());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
