package io.facespark.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.dl4j.VggFaceLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

  @TempDir
  Path dir;

  private Path file(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "zip bytes are checked later, when read");
  }

  @Test
  void facerecIsTheDefault() {
    assertThat(ModelSpec.parse(null)).isEqualTo(ModelSpec.facerec());
    assertThat(ModelSpec.parse("  ")).isEqualTo(ModelSpec.facerec());
    assertThat(ModelSpec.parse("facerec").kind()).isEqualTo(ModelSpec.Kind.FACEREC);
    assertThat(ModelSpec.facerec().file()).isNull();
    assertThat(ModelSpec.facerec()).hasToString("facerec");
  }

  @Test
  void mobilefacenetComesFromTheModelCacheAndUnknownNamesListTheValidForms() {
    ModelSpec spec = ModelSpec.parse(" mobilefacenet ");

    assertThat(spec.kind()).isEqualTo(ModelSpec.Kind.MOBILEFACENET);
    assertThat(spec.file()).isNull();
    assertThat(ModelSpec.parse(spec.toString())).as("toString reads back").isEqualTo(spec);
    assertThatThrownBy(() -> ModelSpec.parse("mobilefacenet2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model \"mobilefacenet2\"").hasMessageContaining("facerec (default) | mobilefacenet |")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aCommaSeparatedListIsAFusionOfDistinctModels() {
    ModelSpec fusion = ModelSpec.parse("facerec,mobilefacenet");

    assertThat(fusion.kind()).isEqualTo(ModelSpec.Kind.FUSION);
    assertThat(fusion.members()).containsExactly(ModelSpec.facerec(), ModelSpec.parse("mobilefacenet"));
    assertThat(ModelSpec.parse(fusion.toString())).as("toString reads back").isEqualTo(fusion);
    assertThatThrownBy(() -> ModelSpec.parse("facerec,facerec")).hasMessageContaining("names facerec twice");
    assertThatThrownBy(() -> ModelSpec.parse("facerec,")).hasMessageContaining("empty member");
    assertThatThrownBy(() -> ModelSpec.parse("facerec,arcface")).hasMessageContaining("unknown model \"arcface\"");
  }

  @Test
  void vggfaceTakesAPathAndAnOptionalLayer() throws IOException {
    Path zip = file("vgg16_dl4j_vggface_inference.v1.zip");

    ModelSpec pool5 = ModelSpec.parse("vggface:" + zip);
    ModelSpec fc7 = ModelSpec.parse("vggface:" + zip + "#fc7");

    assertThat(pool5.kind()).isEqualTo(ModelSpec.Kind.VGGFACE);
    assertThat(pool5.file()).isEqualTo(zip);
    assertThat(pool5.vggFaceLayer()).as("default layer").isEqualTo(VggFaceLayer.POOL5);
    assertThat(fc7.vggFaceLayer()).isEqualTo(VggFaceLayer.FC7);
    assertThat(ModelSpec.parse(fc7.toString())).as("toString reads back").isEqualTo(fc7);
    assertThat(ModelSpec.parse("VGGFACE:" + zip + "#pool5")).as("kind is case-insensitive").isEqualTo(pool5);
  }

  @Test
  void pathsMayBeRelativeHomeOrFileUris() throws IOException {
    Path zip = file("m.zip");
    Path cwd = Paths.get("").toAbsolutePath();

    assertThat(ModelSpec.parse("vggface:" + cwd.relativize(zip)).file()).as("relative to the working dir")
        .isEqualTo(zip);
    assertThat(ModelSpec.parse("vggface:" + zip.toUri()).file()).as("file: URI").isEqualTo(zip);
    assertThat(ModelSpec.parse("vggface:" + zip.getParent() + "/./../" + dir.getFileName() + "/m.zip").file())
        .as("normalised").isEqualTo(zip);
    Path home = Paths.get(System.getProperty("user.home"));
    assertThatThrownBy(() -> ModelSpec.parse("vggface:~/facespark-no-such-model.zip"))
        .as("~ expands to the home directory")
        .hasMessageContaining(home.resolve("facespark-no-such-model.zip").toString());
  }

  @Test
  void dl4jNeedsItsSidecar() throws IOException {
    Path zip = file("arcface.zip");
    assertThatThrownBy(() -> ModelSpec.parse("dl4j:" + zip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model sidecar " + zip + ".facespark.json does not exist")
        .hasMessageContaining("embeddingLayer");

    Files.writeString(dir.resolve("arcface.zip.facespark.json"), "{}");
    ModelSpec spec = ModelSpec.parse("dl4j:" + zip);

    assertThat(spec.kind()).isEqualTo(ModelSpec.Kind.DL4J);
    assertThat(spec.file()).isEqualTo(zip);
    assertThat(spec).hasToString("dl4j:" + zip);
  }

  @Test
  void missingFilesAndDirectoriesAreNamedWithTheFix() throws IOException {
    Path missing = dir.resolve("nowhere.zip");

    assertThatThrownBy(() -> ModelSpec.parse("vggface:" + missing))
        .hasMessageContaining("VGGFace model zip " + missing + " does not exist")
        .hasMessageContaining("Fix: point it at the vgg16_dl4j_vggface_inference.v1.zip");
    assertThatThrownBy(() -> ModelSpec.parse("dl4j:" + dir)).hasMessageContaining(dir + " is a directory");
  }

  @Test
  void badFormsListTheValidOnes() throws IOException {
    Path zip = file("m.zip");

    assertThatThrownBy(() -> ModelSpec.parse("resnet:" + zip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model \"resnet:").hasMessageContaining(ModelSpec.VALID_FORMS);
    assertThatThrownBy(() -> ModelSpec.parse("vggface")).hasMessageContaining("has no path");
    assertThatThrownBy(() -> ModelSpec.parse("vggface:" + zip + "#fc8"))
        .hasMessageContaining("unknown VGGFace layer \"fc8\"").hasMessageContaining("#pool5");
    assertThatThrownBy(() -> ModelSpec.parse("dl4j:hdfs://nn:8020/models/m.zip"))
        .hasMessageContaining("not a local path").hasMessageContaining("hdfs dfs -get");
  }
}
