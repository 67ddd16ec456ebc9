package io.facespark.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

  @Test
  void rootFollowsPropertyThenEnvThenXdgThenHome() {
    assertThat(ModelCache.defaultRoot("/p", "/e", "/x", "/h")).isEqualTo(Paths.get("/p"));
    assertThat(ModelCache.defaultRoot(null, "/e", "/x", "/h")).isEqualTo(Paths.get("/e"));
    assertThat(ModelCache.defaultRoot(" ", "", "/x", "/h")).isEqualTo(Paths.get("/x/facespark"));
    assertThat(ModelCache.defaultRoot(null, null, null, "/h")).isEqualTo(Paths.get("/h/.cache/facespark"));
  }

  @Test
  void checksumListCoversTheModelsAndDemoPhotos() {
    Map<String, String> sums = ModelCache.expectedChecksums();

    assertThat(sums).containsKeys("model/face_recognition_model-weights_manifest.json",
        "model/face_recognition_model.bin", "model/ssd_mobilenetv1_model.bin",
        "model/face_landmark_68_model.bin", "demo/sample1.jpg", "demo/sample6.jpg");
    assertThat(sums.values()).allSatisfy(hex -> assertThat(hex).matches("[0-9a-f]{64}"));
  }

  @Test
  void fetchedCacheVerifies() {
    ModelCache.Verification verification = TestData.models().verify();

    assertThat(verification.ok()).as("problems: %s", verification.problems()).isTrue();
    assertThat(verification.verifiedFiles()).isEqualTo(ModelCache.expectedChecksums().size());
    assertThat(verification.verifiedBytes()).as("bytes of models and demo photos").isGreaterThan(10_000_000L);
  }

  @Test
  void missingCacheNamesTheFix(@TempDir Path empty) {
    ModelCache cache = ModelCache.at(empty);

    assertThat(cache.verify().ok()).isFalse();
    assertThatThrownBy(cache::requireVerifiedModelDir)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("bin/fetch-models");
  }

  @Test
  void truncatedWeightFileIsCaught(@TempDir Path copy) throws IOException {
    ModelCache real = TestData.models();
    Path target = copy.resolve(real.packageDir().getFileName());
    try (Stream<Path> files = Files.walk(real.packageDir())) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path destination = target.resolve(real.packageDir().relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
    Path weights = target.resolve("model/face_recognition_model.bin");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    ModelCache.Verification verification = ModelCache.at(copy).verify();

    assertThat(verification.ok()).isFalse();
    assertThat(verification.problems()).singleElement().asString()
        .contains("face_recognition_model.bin").contains("checksum mismatch");
  }

  @Test
  void mobileFaceNetPackageHoldsOnlyTheFilesUsedAndVerifies() {
    Map<String, String> sums = ModelCache.expectedChecksums(ModelPackage.HUMAN_MODELS);
    ModelCache.Verification verification = TestData.models().verify(ModelPackage.HUMAN_MODELS);

    assertThat(sums).containsOnlyKeys("LICENSE", "models/mobilefacenet.json", "models/mobilefacenet.bin",
        "models/blazeface-back.json", "models/blazeface-back.bin", "models/facemesh.json", "models/facemesh.bin");
    assertThat(verification.ok()).as("problems: %s", verification.problems()).isTrue();
    assertThat(verification.verifiedBytes()).as("mobilefacenet's 5.2 MB").isGreaterThan(5_000_000L);
  }

  @Test
  void corruptMobileFaceNetWeightsFailInOneLineNamingFileAndFix(@TempDir Path copy) throws IOException {
    Path source = TestData.models().packageDir(ModelPackage.HUMAN_MODELS);
    Path target = copy.resolve(ModelPackage.HUMAN_MODELS.dirName());
    Files.createDirectories(target.resolve("models"));
    for (String file : ModelCache.expectedChecksums(ModelPackage.HUMAN_MODELS).keySet()) {
      Files.copy(source.resolve(file), target.resolve(file));
    }
    Path weights = target.resolve("models/mobilefacenet.bin");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[1000] ^= 0x40;
    Files.write(weights, bytes);

    assertThatThrownBy(() -> ModelCache.at(copy).requireVerified(ModelPackage.HUMAN_MODELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mobilefacenet.bin").hasMessageContaining("checksum mismatch")
        .hasMessageContaining("bin/fetch-models")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
