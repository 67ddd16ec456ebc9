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
  void bothStagesGiveThe68PointsAndTheMeshsFivePointsAsTheSecondSet() throws Exception {
    DetectorSource both = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null, 40, true, true,
        DetectorSource.Landmarks.BOTH);
    DetectorSource mesh = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null, 40, true, true,
        DetectorSource.Landmarks.MESH);
    DetectorSource l68 = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null, 40, true, true);
    assertThat(both.landmarks()).isEqualTo(DetectorSource.Landmarks.BOTH);
    assertThat(both.key()).as("pooled apart from either stage alone").isNotEqualTo(mesh.key()).isNotEqualTo(l68.key());
    assertThat(both.sizeBytes()).as("carries both nets").isGreaterThan(Math.max(mesh.sizeBytes(), l68.sizeBytes()));
    var image = DetectionSets.decode(TestData.lfwImage("Colin_Powell", 1));
    try (LandmarkedFaceLocator bothStage = both.open(); LandmarkedFaceLocator meshStage = mesh.open();
         LandmarkedFaceLocator l68Stage = l68.open()) {
      List<FaceLocation> faces = bothStage.locate(image);
      List<FaceLocation> from68 = l68Stage.locate(image);
      List<FaceLocation> fromMesh = meshStage.locate(image);
      assertThat(faces).isNotEmpty().hasSameSizeAs(from68);
      for (int i = 0; i < faces.size(); i++) {
        assertThat(faces.get(i).withSecondLandmarks(null)).as("face %d: the 68-point stage's face", i)
            .isEqualTo(from68.get(i));
        assertThat(faces.get(i).secondLandmarks()).as("face %d: the mesh stage's five points", i)
            .containsExactly(fromMesh.get(i).landmarks());
        assertThat(faces.get(i).onSecondLandmarks().landmarks()).hasSize(Aligner.FIVE_POINTS);
      }
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
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--landmarks must be 68, mesh or 68+mesh, got '468'");
    assertThat(DetectorSource.Landmarks.parse("68+mesh")).isEqualTo(DetectorSource.Landmarks.BOTH);
  }
}
