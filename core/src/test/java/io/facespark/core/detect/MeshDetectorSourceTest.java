package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.align.Aligner;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --landmarks mesh} through the detect stage the embed job builds: five points a face, BlazeFace only. */
class MeshDetectorSourceTest {

  @Test
  void theMeshStageGivesEachFaceItsFiveArcfacePoints() throws Exception {
    DetectorSource mesh = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null, 40, true, true,
        DetectorSource.Landmarks.MESH);
    DetectorSource l68 = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null, 40, true, true);
    assertThat(mesh.landmarks()).isEqualTo(DetectorSource.Landmarks.MESH);
    assertThat(l68.landmarks()).isEqualTo(DetectorSource.Landmarks.L68);
    assertThat(mesh.key()).as("pooled apart from the 68-point stage").isNotEqualTo(l68.key());
    try (LandmarkedFaceLocator stage = mesh.open()) {
      List<FaceLocation> faces = stage.locate(DetectionSets.decode(TestData.lfwImage("Colin_Powell", 1)));
      assertThat(faces).isNotEmpty().allSatisfy(face -> {
        assertThat(face.landmarks()).as("landmarks of %s", face).hasSize(Aligner.FIVE_POINTS);
        assertThat(face.landmarks()[0]).as("left eye inside the box").isBetween(face.x(), face.x() + face.w());
        assertThat(face.landmarks()[9]).as("mouth inside the box").isBetween(face.y(), face.y() + face.h());
      });
    }
  }

  @Test
  void theMeshNeedsBlazeFacesKeypoints() {
    assertThatThrownBy(() -> DetectorSource.detector(DetectorSource.SSD, TestData.models(), null, 40, false, false,
        DetectorSource.Landmarks.MESH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--detector blazeface");
  }

  @Test
  void anUnknownLandmarkStageIsNamed() {
    assertThat(DetectorSource.Landmarks.parse(" mesh")).isEqualTo(DetectorSource.Landmarks.MESH);
    assertThat(DetectorSource.Landmarks.parse("68")).isEqualTo(DetectorSource.Landmarks.L68);
    assertThatThrownBy(() -> DetectorSource.Landmarks.parse("468"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--landmarks must be 68 or mesh, got '468'");
  }
}
