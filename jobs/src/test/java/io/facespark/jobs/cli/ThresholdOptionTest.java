package io.facespark.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.detect.DetectorSource;
import io.facespark.core.metrics.Calibration;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdOptionTest {

  @TempDir
  Path work;

  @Test
  void aCosineIsUsedAsItIsAndSaysItIsNotCalibrated() {
    ThresholdOption.Resolved resolved = ThresholdOption.parse(" 0.5 ").resolve("m-1", () -> {
      throw new AssertionError("a raw cosine needs no alignment");
    }, null);

    assertThat(resolved.cosine()).isEqualTo(0.5);
    assertThat(resolved.describe()).contains("cosine >= 0.500").contains("not a calibrated");
  }

  @Test
  void aFarReadsTheThresholdOfThatOperatingPoint() {
    Path file = work.resolve("c.json");
    new Calibration("m", "m-1", "landmarks", "box", "my set", "t", 3, 2, 1000, 3e-5,
        List.of(new Calibration.OperatingPoint(1e-2, 0.61, 0.97), new Calibration.OperatingPoint(1e-3, 0.72, 0.9)))
        .write(file);

    ThresholdOption.Resolved resolved = ThresholdOption.parse("FAR:1e-3").resolve("m-1", () -> "landmarks", file);

    assertThat(resolved.cosine()).isEqualTo(0.72);
    assertThat(resolved.describe()).contains("cosine >= 0.720").contains("1e-3").contains("1 in 1,000")
        .contains("90.0%").contains("my set").contains("m-1").contains("--detect box");
  }

  @Test
  void theShippedCalibrationIsFoundByModelVersionAndAlignmentOnly() {
    assertThatThrownBy(() -> ThresholdOption.parse("far:1e-3").resolve("m-1", () -> "landmarks", null))
        .hasMessage("--threshold far:1e-3 needs a calibration of m-1 for faces aligned by landmarks, and none is"
            + " shipped: run evaluate --protocol all-pairs on labelled faces embedded the same way and pass its"
            + " calibration.json with --calibration, or give a cosine");
  }

  @Test
  void eachLandmarkSettingFindsOnlyItsOwnShippedCalibration() {
    String version;
    try (FaceEmbedder model = FaceEmbedders.open(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.NONE)) {
      version = model.modelVersion();
    }
    Calibration of68 = ThresholdOption.parse("far:1e-3").resolve(version, () -> "landmarks", null).calibration();
    assertThat(of68).as("--landmarks 68 (the tables without a suffix) has its shipped calibration").isNotNull();
    String both = version + DetectorSource.Landmarks.BOTH.versionSuffix();
    Calibration ofBoth = ThresholdOption.parse("far:1e-3").resolve(both, () -> "landmarks", null).calibration();
    assertThat(ofBoth).as("--landmarks 68+mesh has its own").isNotNull();
    assertThat(ofBoth.modelVersion()).isEqualTo(both);
    assertThat(ofBoth.operatingPoints()).isNotEqualTo(of68.operatingPoints());
    String mesh = version + DetectorSource.Landmarks.MESH.versionSuffix();
    assertThatThrownBy(() -> ThresholdOption.parse("far:1e-3").resolve(mesh, () -> "landmarks", null))
        .hasMessageStartingWith("--threshold far:1e-3 needs a calibration of " + mesh
            + " for faces aligned by landmarks, and none is shipped");
  }

  @Test
  void badThresholdsAreOneLineErrors() {
    for (String bad : List.of("far:0", "far:1", "far:x", "1.01", "-2", "high", "far:")) {
      assertThatThrownBy(() -> ThresholdOption.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--threshold '" + bad + "' is neither a cosine similarity in [-1, 1] nor far:<FAR>");
    }
  }
}
