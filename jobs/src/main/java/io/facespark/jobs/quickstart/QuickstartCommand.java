package io.facespark.jobs.quickstart;

import io.facespark.core.model.ModelCache;
import io.facespark.core.report.TextTable;
import io.facespark.core.vector.Vectors;
import io.facespark.jobs.FaceSpark;
import io.facespark.jobs.report.FaceThumbnails;
import io.facespark.jobs.report.HtmlReport;
import io.facespark.jobs.report.HtmlReport.Cell;
import io.facespark.jobs.spark.SparkSessions;
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
import org.apache.spark.sql.SparkSession;
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
        "Detects, aligns and embeds every face in the six demo photos of the model",
        "package (on an embedded local Spark unless a master is set), matches each face",
        "against all faces in the other photos (top 3 by cosine similarity), writes",
        "<output>/faces (the faces table) and <output>/report.html (thumbnails,",
        "matches, scores), and prints the best match per face."})
public final class QuickstartCommand implements Callable<Integer> {

  @Option(names = "--output", defaultValue = "quickstart", paramLabel = "DIR", description = "Where to write (default ./quickstart).")
  Path output;

  @Option(names = "--top-k", defaultValue = "3", description = "Matches shown per face (default 3).")
  int topK;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Model cache (default: $FACESPARK_CACHE or ~/.cache/facespark).")
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

  @Override
  public Integer call() throws Exception {
    if (topK < 1) {
      throw new IllegalArgumentException("--top-k must be at least 1, got " + topK);
    }
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
    List<Face> all = read(SparkSessions.getOrCreate("facespark-quickstart"), faces);
    List<List<Match>> matches = new ArrayList<>();
    for (Face face : all) {
      matches.add(all.stream().filter(other -> !other.photo().equals(face.photo()))
          .map(other -> new Match(other, Vectors.dot(face.embedding(), other.embedding())))
          .sorted(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.face().name()))
          .limit(topK).toList());
    }
    Path report = dir.resolve("report.html");
    writeReport(report, all, matches);
    print(spec.commandLine().getOut(), all, matches, report);
    return 0;
  }

  private static List<Face> read(SparkSession spark, Path table) {
    List<Face> faces = new ArrayList<>();
    for (Row row : spark.read().parquet(table.toString()).orderBy("path", "face_index").collectAsList()) {
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

  private void writeReport(Path report, List<Face> faces, List<List<Match>> matches) throws java.io.IOException {
    FaceThumbnails thumbnails = new FaceThumbnails(96);
    List<String> header = new ArrayList<>(List.of("face"));
    for (int k = 1; k <= topK; k++) {
      header.add("match " + k);
    }
    List<List<Cell>> rows = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      List<Cell> row = new ArrayList<>();
      row.add(Cell.png(thumbnail(thumbnails, faces.get(i)), faces.get(i).name()
          + String.format(Locale.ROOT, " (detector %.2f)", faces.get(i).score())));
      for (Match m : matches.get(i)) {
        row.add(Cell.png(thumbnail(thumbnails, m.face()), m.face().name()
            + String.format(Locale.ROOT, ", cosine %.3f", m.score())));
      }
      rows.add(row);
    }
    new HtmlReport("facespark quickstart: " + faces.size() + " faces in " + faces.stream().map(Face::photo).distinct().count()
        + " photos")
        .paragraph("Each face was found by the SSD MobileNet v1 detector, aligned on its 68 landmarks to a 150x150"
            + " chip, embedded by the 128-d face recognition net (DL4J, on Spark) and compared by cosine similarity"
            + " with every face in the other photos. Scores above about 0.9 (the LFW threshold of this model and"
            + " alignment) suggest the same person.")
        .cells(header, rows)
        .write(report);
  }

  private static byte[] thumbnail(FaceThumbnails thumbnails, Face face) {
    Row b = face.bbox();
    return thumbnails.png(face.file(), b.getFloat(0), b.getFloat(1), b.getFloat(2), b.getFloat(3));
  }

  private static void print(PrintWriter out, List<Face> faces, List<List<Match>> matches, Path report) {
    TextTable table = new TextTable("face", "best match in another photo", "cosine");
    for (int i = 0; i < faces.size(); i++) {
      Match best = matches.get(i).isEmpty() ? null : matches.get(i).get(0);
      table.add(faces.get(i).name(), best == null ? "-" : best.face().name(),
          best == null ? "-" : String.format(Locale.ROOT, "%.3f", best.score()));
    }
    out.println();
    out.print(table);
    out.println("report: " + report);
    out.flush();
  }
}
