package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged jar is the thin one users add with one line: small, ours only, complete. */
class UdfJarIT {

  private static final Path JAR = Path.of(System.getProperty("facespark.udf.jar"));

  @Test
  void isUnder200Kilobytes() throws IOException {
    assertThat(Files.size(JAR)).as("size of %s in bytes", JAR).isLessThan(200 * 1024);
  }

  @Test
  void hasNoDeepLearningClasses() throws IOException {
    assertThat(entries()).as("no DL4J, ND4J or DataVec inside")
        .noneMatch(e -> e.startsWith("org/deeplearning4j/") || e.startsWith("org/nd4j/")
            || e.startsWith("org/datavec/"));
  }

  @Test
  void holdsOnlyFacesparkClassesAndTheFunctionsSql() throws IOException {
    List<String> classes = entries().stream().filter(e -> e.endsWith(".class"))
        .collect(Collectors.toList());
    assertThat(classes).as("nothing shaded in").allMatch(e -> e.startsWith("io/facespark/udf/"));
    assertThat(entries()).contains("facespark-functions.sql",
        "io/facespark/udf/hive/CosineSimilarityUDF.class", "io/facespark/udf/CosineSim.class",
        "io/facespark/udf/FaceSparkExtensions.class");
  }

  private static List<String> entries() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return Collections.list(jar.entries()).stream().map(JarEntry::getName)
          .collect(Collectors.toList());
    }
  }
}
