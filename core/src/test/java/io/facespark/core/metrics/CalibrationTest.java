package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalibrationTest {

  @TempDir
  Path work;

  @Test
  void operatingPointsAreTheRocThresholdsAtEachResolvableFar() {
    // 1,000 impostors at 0.000..0.999 and 10 genuine pairs between the top ten (0.9905..0.9995): at
    // FAR 1e-2 (10 impostors) every genuine pair can be accepted, from 0.9905 up; at 1e-3 (one
    // impostor, 0.999) the top two, from 0.9985; 1e-4 is less than one impostor, so it is left out.
    double[] scores = new double[1010];
    boolean[] same = new boolean[1010];
    for (int i = 0; i < 1000; i++) {
      scores[i] = i / 1000.0;
    }
    for (int k = 0; k < 10; k++) {
      scores[1000 + k] = (990.5 + k) / 1000.0;
      same[1000 + k] = true;
    }

    List<Calibration.OperatingPoint> points = Calibration.operatingPoints(Roc.of(scores, same));

    assertThat(points).containsExactly(new Calibration.OperatingPoint(1e-2, 990.5 / 1000.0, 1.0),
        new Calibration.OperatingPoint(1e-3, 998.5 / 1000.0, 0.2));
  }

  @Test
  void writesAndReadsBackTheSameFile() {
    Calibration c = new Calibration("m", "m-1", "landmarks", "box", "set", "t", 3, 2, 1000, 3e-5,
        List.of(new Calibration.OperatingPoint(1e-3, 0.7, 0.9)));
    Path file = work.resolve("calibration.json");

    c.write(file);

    assertThat(Calibration.read(file)).isEqualTo(c);
    assertThat(file).content().contains("\"model_version\" : \"m-1\"").contains("\"operating_points\"");
  }

  @Test
  void aFarTheFileDoesNotHaveNamesTheOnesItHas() {
    Calibration c = new Calibration("m", "m-1", "landmarks", "box", "set", "t", 3, 2, 1000, 3e-5,
        List.of(new Calibration.OperatingPoint(1e-2, 0.6, 0.99), new Calibration.OperatingPoint(1e-3, 0.7, 0.9)));

    assertThatThrownBy(() -> c.at(1e-4))
        .hasMessage("the calibration of m-1 (set) has no threshold at FAR 1e-4; it has [far:1e-2, far:1e-3]");
  }

  @Test
  void missingOrForeignFilesAreOneLineErrors() throws Exception {
    Path notJson = Files.writeString(work.resolve("x.json"), "threshold=0.9");

    assertThatThrownBy(() -> Calibration.read(work.resolve("none.json"))).hasMessageContaining("no calibration file at")
        .hasMessageContaining("evaluate --protocol all-pairs");
    assertThatThrownBy(() -> Calibration.read(notJson)).hasMessageContaining("is not a calibration file written by evaluate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"facerec", "mobilefacenet"})
  void eachShippedModelHasItsLandmarkCalibration(String model) {
    String version;
    try (FaceEmbedder embedder = FaceEmbedders.source(ModelSpec.parse(model), TestTimeAugmentation.NONE,
        TestData.models()).open()) {
      version = embedder.modelVersion();
    }

    Calibration shipped = Calibration.bundled(version, "landmarks").orElseThrow(() -> new AssertionError(
        "no calibration shipped for " + version + ": run evaluate --protocol all-pairs on LFW (see "
            + Calibration.BUNDLED + "README.md)"));

    assertThat(shipped.modelVersion()).isEqualTo(version);
    assertThat(shipped.operatingPoints()).extracting(Calibration.OperatingPoint::far)
        .containsExactlyElementsOf(Calibration.FARS);
    assertThat(shipped.operatingPoints()).extracting(Calibration.OperatingPoint::threshold).isSorted();
    assertThat(Calibration.bundled(version, "crop")).as("no fixed-crop calibration is shipped").isEmpty();
  }
}
