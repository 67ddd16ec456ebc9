package io.facespark.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.testing.TestData;
import io.facespark.testing.TestFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes the three notebooks headless (bin/facespark notebook --execute, nbconvert) against the
 * tables of a small LFW run made here with the real jobs, as the notebooks' default parameters
 * expect (notebooks/target/lfw-small). Fails on any cell error, and checks figures the notebooks
 * print against what this test knows of its own run.
 */
class NotebooksIT {

  /** People with at least this many LFW images form the labelled identities (62 people). */
  private static final int MIN_IMAGES = 20;
  private static final int IMAGES_PER_PERSON = 12;
  private static final int SINGLETONS = 120;
  private static final int BAD_FILES = 2;

  private static final Path ROOT = Path.of(System.getProperty("facespark.root", "..")).toAbsolutePath().normalize();
  private static final Path NOTEBOOKS = ROOT.resolve("notebooks");
  private static final Path SMALL = NOTEBOOKS.resolve("target/lfw-small");
  private static final Path EXECUTED = NOTEBOOKS.resolve("target/executed");

  private static int people;
  private static int images;

  @BeforeAll
  static void smallLfwRun() throws Exception {
    TestFiles.deleteRecursively(SMALL);
    Files.createDirectories(SMALL);
    Path lfw = TestData.lfwDir().resolve("lfw-deepfunneled");
    List<String> manifest = new ArrayList<>(List.of("path,label"));
    int singletons = 0;
    try (Stream<Path> dirs = Files.list(lfw)) {
      for (Path person : dirs.sorted().toList()) {
        List<Path> files;
        try (Stream<Path> list = Files.list(person)) {
          files = list.sorted().toList();
        }
        String label = person.getFileName().toString();
        if (files.size() >= MIN_IMAGES) {
          people++;
          files.stream().limit(IMAGES_PER_PERSON).forEach(f -> manifest.add(f + "," + label));
        } else if (files.size() == 1 && singletons < SINGLETONS) {
          singletons++;
          manifest.add(files.get(0) + "," + label);
        }
      }
    }
    images = manifest.size() - 1;
    // Two files that are not images: the faces table gets none of them, the rejects table both.
    Path empty = Files.createFile(SMALL.resolve("empty.jpg"));
    Path text = Files.writeString(SMALL.resolve("notes.jpg"), "not a picture");
    manifest.add(empty + ",Bad_File");
    manifest.add(text + ",Bad_File");
    Files.write(SMALL.resolve("manifest.csv"), manifest);

    facespark("embed", "--input", SMALL.resolve("manifest.csv").toString(), "--output", SMALL.resolve("faces").toString());
    facespark("evaluate", "--faces", SMALL.resolve("faces").toString(), "--protocol", "all-pairs",
        "--report", SMALL.resolve("all-pairs").toString());
    facespark("watchlist", "--scenario", "lfw", "--faces", SMALL.resolve("faces").toString(),
        "--output", SMALL.resolve("matches").toString(), "--top-k", "5", "--gallery-mode", "identity-max",
        "--run-id", "lfw-small");
  }

  @Test
  void exploreFaces() throws Exception {
    String out = execute("explore-faces");

    assertThat(out).contains("images with faces  " + images);
    assertThat(out).contains("rejects            " + BAD_FILES);
    assertThat(out).contains("labels             " + (people + SINGLETONS));
    assertThat(out).contains("model versions     1 (");
    assertThat(out).contains(" 10 identities; PC1 ");
    assertThat(out).contains("outliers shown 12");
  }

  @Test
  void verification() throws Exception {
    String out = execute("verification");

    long genuine = (long) people * IMAGES_PER_PERSON * (IMAGES_PER_PERSON - 1) / 2;
    assertThat(out).contains("genuine pairs      " + genuine);
    assertThat(out).containsPattern("at FAR <= 1e-03: +threshold 0\\.\\d{4}, TAR 0\\.\\d{4}");
    // The sampled EER and the job's all-pairs EER of the same table: both columns printed.
    assertThat(out).containsPattern("EER +0\\.\\d{4} +0\\.\\d{4}");
    assertThat(out).containsPattern("genuine pairs +" + genuine + " +" + genuine);
  }

  @Test
  void watchlist() throws Exception {
    String out = execute("watchlist");

    // LFW scenario: one gallery image per identity; the other images are mated probes; singletons are not.
    assertThat(out).contains("probes             " + (images - people) + " (" + (people * (IMAGES_PER_PERSON - 1))
        + " mated, " + SINGLETONS + " non-mated)");
    assertThat(out).contains("enrolled labels    " + people);
    assertThat(out).containsPattern("rank-1 rate +0\\.\\d{4}");
    assertThat(out).containsPattern("confused pairs shown \\d");
  }

  /** Runs one notebook into target/executed; returns its text outputs; fails on errors or missing plots. */
  private static String execute(String name) throws Exception {
    Path source = NOTEBOOKS.resolve(name + ".ipynb");
    run(List.of(ROOT.resolve("bin/facespark").toString(), "notebook", "--execute", "--output-dir", EXECUTED.toString(),
        source.toString()), NOTEBOOKS);
    JsonNode notebook = new ObjectMapper().readTree(EXECUTED.resolve(name + ".ipynb").toFile());
    StringBuilder text = new StringBuilder();
    int images = 0;
    for (JsonNode cell : notebook.path("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        assertThat(output.path("output_type").asText()).as("%s: %s", name, output).isNotEqualTo("error");
        if (output.has("text")) {
          output.path("text").forEach(line -> text.append(line.asText()));
        }
        JsonNode data = output.path("data");
        if (data.has("image/png")) {
          images++;
        }
        if (data.has("text/html")) {
          data.path("text/html").forEach(line -> text.append(line.asText()));
        }
      }
    }
    assertThat(images).as("%s draws its plots", name).isGreaterThanOrEqualTo(1);
    return text.toString();
  }

  private static void facespark(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/facespark").toString()));
    command.addAll(List.of(args));
    run(command, ROOT);
  }

  private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
    File log = Files.createTempFile("notebooks-it", ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log);
    // The reactor built the jobs jar a moment ago: never rebuild from inside the build.
    builder.environment().put("FACESPARK_NO_BUILD", "1");
    builder.environment().put("FACESPARK_LFW", TestData.lfwDir().toString());
    Process process = builder.start();
    // bin/lib/notebook.sh bounds every kernel start and notebook run itself; this is the last guard.
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 20 minutes; log: " + log);
    }
    String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
  }

}
