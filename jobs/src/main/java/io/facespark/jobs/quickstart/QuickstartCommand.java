package io.facespark.jobs.quickstart;

import io.facespark.core.model.ModelCache;
import io.facespark.core.report.TextTable;
import io.facespark.core.vector.Vectors;
import io.facespark.jobs.FaceSpark;
import io.facespark.jobs.cli.ThresholdOption;
import io.facespark.jobs.report.FaceThumbnails;
import io.facespark.jobs.report.HtmlReport;
import io.facespark.jobs.report.HtmlReport.Cell;
import io.facespark.jobs.spark.SparkSessions;
import io.facespark.jobs.table.FaceAlignment;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facespark quickstart}: the whole product on six real photos. Runs the embed job with
 * detection and alignment over the model package's demo photos, matches every face against the
 * faces of the other photos, and writes an HTML report with face thumbnails.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {
        "Runs the whole product on the six demo photos of the model package and writes a report.",
        "Detects, aligns and embeds every face (on an embedded local Spark unless a master is set),"
            + " matches each face against all faces in the other photos (top 3 by cosine similarity) and"
            + " gives each match a verdict at the calibrated --threshold: same person or no match. Writes"
            + " <output>/faces (the faces table) and <output>/report.html (thumbnails, matches, scores,"
            + " verdicts) and prints the best match per face with its verdict."})
public final class QuickstartCommand implements Callable<Integer> {

  @Option(names = "--output", defaultValue = "quickstart", paramLabel = "DIR", description = "Where to write (default ./quickstart).")
  Path output;

  @Option(names = "--top-k", defaultValue = "3", description = "Matches shown per face (default 3).")
  int topK;

  @Option(names = "--threshold", defaultValue = "far:1e-3", paramLabel = "THRESHOLD",
      description = "Verdict threshold: far:1e-2, far:1e-3 (default) or far:1e-4 (from the model's calibration,"
          + " see evaluate), or a raw cosine.")
  String threshold;

  @Option(names = "--calibration", paramLabel = "FILE",
      description = "A calibration.json from evaluate --protocol all-pairs instead of the shipped one.")
  Path calibration;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Model cache (default: ~/.cache/facespark, or $FACESPARK_CACHE if set).")
  Path cacheDir;

  @Spec
  CommandSpec spec;

  record Face(String photo, Path file, int index, Row bbox, float score, float[] embedding) {
    String name() {
      return photo + " #" + index;
    }
  }

  record Match(Face face, double score) {
  }

  static final String SAME = "same person";
  static final String NO_MATCH = "no match";

  @Override
  public Integer call() throws Exception {
    if (topK < 1) {
      throw new IllegalArgumentException("--top-k must be at least 1, got " + topK);
    }
    ThresholdOption thresholdOption = ThresholdOption.parse(threshold);
    ModelCache cache = cacheDir == null ? ModelCache.locate() : ModelCache.at(cacheDir);
    cache.requireVerifiedModelDir();
    Path demo = cache.demoDir();
    Path dir = Files.createDirectories(output.toAbsolutePath());
    Path faces = dir.resolve("faces");
    List<String> embed = new ArrayList<>(List.of("embed", "--input", demo.resolve("sample*.jpg").toString(),
        "--output", faces.toString(), "--detect", "all", "--mode", "overwrite"));
    if (cacheDir != null) {
      embed.addAll(List.of("--cache-dir", cacheDir.toString()));
    }
    var embedCommand = FaceSpark.commandLine(embed.toArray(new String[0]));
    embedCommand.setOut(spec.commandLine().getOut());
    embedCommand.setErr(spec.commandLine().getErr());
    int code = embedCommand.execute(embed.toArray(new String[0]));
    if (code != 0) {
      return code;
    }
    Dataset<Row> table = SparkSessions.getOrCreate("facespark-quickstart").read().parquet(faces.toString());
    List<Face> all = read(table);
    ThresholdOption.Resolved verdicts = thresholdOption.resolve(table.select("model_version").first().getString(0),
        () -> FaceAlignment.of(table).alignment(), calibration);
    List<List<Match>> matches = new ArrayList<>();
    for (Face face : all) {
      matches.add(all.stream().filter(other -> !other.photo().equals(face.photo()))
          .map(other -> new Match(other, Vectors.dot(face.embedding(), other.embedding())))
          .sorted(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.face().name()))
          .limit(topK).toList());
    }
    Path report = dir.resolve("report.html");
    writeReport(report, all, matches, verdicts);
    print(spec.commandLine().getOut(), all, matches, verdicts, report);
    return 0;
  }

  private static List<Face> read(Dataset<Row> table) {
    List<Face> faces = new ArrayList<>();
    for (Row row : table.orderBy("path", "face_index").collectAsList()) {
      String path = row.getString(row.fieldIndex("path"));
      List<Float> values = row.getList(row.fieldIndex("embedding"));
      float[] embedding = new float[values.size()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = values.get(i);
      }
      Path file = Path.of(URI.create(path));
      faces.add(new Face(file.getFileName().toString(), file, row.getInt(row.fieldIndex("face_index")),
          row.getStruct(row.fieldIndex("bbox")), row.getFloat(row.fieldIndex("det_score")), embedding));
    }
    return faces;
  }

  static String verdict(Match match, ThresholdOption.Resolved threshold) {
    return match.score() >= threshold.cosine() ? SAME : NO_MATCH;
  }

  private void writeReport(Path report, List<Face> faces, List<List<Match>> matches, ThresholdOption.Resolved threshold)
      throws java.io.IOException {
    FaceThumbnails thumbnails = new FaceThumbnails(96);
    List<String> header = new ArrayList<>(List.of("face"));
    for (int k = 1; k <= topK; k++) {
      header.add("match " + k);
      header.add("verdict " + k);
    }
    List<List<Cell>> rows = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      List<Cell> row = new ArrayList<>();
      row.add(Cell.png(thumbnail(thumbnails, faces.get(i)), faces.get(i).name()
          + String.format(Locale.ROOT, " (detector %.2f)", faces.get(i).score())));
      for (Match m : matches.get(i)) {
        row.add(Cell.png(thumbnail(thumbnails, m.face()), m.face().name()
            + String.format(Locale.ROOT, ", cosine %.3f", m.score())));
        row.add(Cell.text(verdict(m, threshold)));
      }
      rows.add(row);
    }
    new HtmlReport("facespark quickstart: " + faces.size() + " faces in " + faces.stream().map(Face::photo).distinct().count()
        + " photos")
        .paragraph(threshold.describe())
        .paragraph("Each face was found by the embed job's default detector (BlazeFace, with its second"
            + " passes), aligned on its 68 landmarks to a 150x150 chip, embedded by the 128-d face recognition net"
            + " (DL4J, on Spark) and compared by cosine similarity with every face in the other photos. A match"
            + " at or above the threshold is \"" + SAME + "\", below it \"" + NO_MATCH + "\". The false-match"
            + " rate holds for photos like the calibration data; on photos unlike it (lighting, make-up, pose)"
            + " strangers can score higher, so take \"" + SAME + "\" as a candidate to check, not a fact.")
        .cells(header, rows)
        .write(report);
  }

  private static byte[] thumbnail(FaceThumbnails thumbnails, Face face) {
    Row b = face.bbox();
    return thumbnails.png(face.file(), b.getFloat(0), b.getFloat(1), b.getFloat(2), b.getFloat(3));
  }

  private static void print(PrintWriter out, List<Face> faces, List<List<Match>> matches,
                            ThresholdOption.Resolved threshold, Path report) {
    TextTable table = new TextTable("face", "best match in another photo", "cosine", "verdict");
    for (int i = 0; i < faces.size(); i++) {
      Match best = matches.get(i).isEmpty() ? null : matches.get(i).get(0);
      table.add(faces.get(i).name(), best == null ? "-" : best.face().name(),
          best == null ? "-" : String.format(Locale.ROOT, "%.3f", best.score()),
          best == null ? NO_MATCH : verdict(best, threshold));
    }
    out.println();
    out.println(threshold.describe());
    out.print(table);
    out.println("report: " + report);
    out.flush();
  }
}
