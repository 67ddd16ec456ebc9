package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.platform.NativeBackend;
import io.facespark.jobs.spark.SparkSessions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * ND4J's native start-up can deadlock with another thread's library loading (see
 * {@link NativeBackend}), so the driver loads it on its own thread before it starts others. Each
 * case runs in a new JVM: in this one the backend is long loaded.
 */
class NativeBackendOrderTest {

  @Test
  void theDriverModelLoadsTheBackendOnTheCallersThreadBeforeItsOwnThreadStarts() throws Exception {
    assertThat(probe("model")).contains("loaded on main");
  }

  @Test
  void aLocalSessionLoadsTheBackendOnTheCallersThreadBeforeSparkStarts() throws Exception {
    assertThat(probe("session")).contains("loaded on main");
  }

  /** A fresh JVM running {@link #main} with {@code what}; its output. */
  private static String probe(String what) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The module openings Spark needs on Java 17, as this test JVM got them.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dfacespark"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeBackendOrderTest.class.getName(), what));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the probe JVM ended").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("probe exit code; its output:%n%s", text).isZero();
    return text;
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("model")) {
      DriverModel building = DriverModel.start(FaceEmbedders.source(ModelSpec.facerec(), TestTimeAugmentation.NONE,
          ModelCache.locate()));
      System.out.println("loaded on " + NativeBackend.loadedOn());
      try (FaceEmbedder model = building.join()) {
        System.out.println("built " + model.modelVersion());
      }
    } else {
      SparkSession spark = SparkSessions.getOrCreate("native-backend-order");
      System.out.println("loaded on " + NativeBackend.loadedOn());
      spark.stop();
    }
    System.exit(0);
  }
}
