package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BlazeFace's six keypoints carried with each face in image pixels, through every pass: a mapping
 * wrong by the padding's border or a tile's offset would put them outside the face and far from
 * the 68 points the landmark net finds in the image itself. The bound, half an eye distance, is
 * twice the largest disagreement seen on 300 LFW faces and a third of what a border's offset gives.
 */
class BlazeFaceKeypointsTest {

  private static final double MAPPED = 0.5;

  private static MultiPassFaceLocator stage;
  private static LandmarkedFaceLocator landmarked;

  @BeforeAll
  static void load() {
    BlazeFaceDetector blazeFace = new BlazeFaceDetector(
        BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
    stage = new MultiPassFaceLocator(blazeFace, DetectorSource.EXTRA_PASS_MIN_SCORE, DetectorSource.PASS_PADDING,
        DetectorSource.TILE_ABOVE, DetectorSource.TILE_SIZE);
    // The check off: these tests compare the keypoints with the net's own first points.
    landmarked = new LandmarkedFaceLocator(stage, FaceLandmarks68.load(TestData.models().requireVerifiedModelDir()),
        Double.POSITIVE_INFINITY);
  }

  @AfterAll
  static void close() throws Exception {
    if (landmarked != null) {
      landmarked.close();
    }
  }

  @Test
  void eachDemoFaceHasItsKeypointsInsideItsBoxInFacialOrder() {
    List<FaceLocation> faces = stage.locate(DetectionSets.demoPhotos().get(0).image());
    assertThat(faces).hasSize(3);
    for (FaceLocation face : faces) {
      float[] k = face.keypoints();
      assertThat(k).as("six keypoints of %s", face).hasSize(12);
      for (int i = 0; i < 8; i += 2) {
        assertThat(k[i]).as("keypoint %d x in %s", i / 2, face).isBetween(face.x(), face.x() + face.w());
        assertThat(k[i + 1]).as("keypoint %d y in %s", i / 2, face).isBetween(face.y(), face.y() + face.h());
      }
      assertThat(k[0]).as("the subject's right eye is on the image's left").isLessThan(k[2]);
      assertThat(Math.max(k[1], k[3])).as("eyes above the nose").isLessThan(k[5]);
      assertThat(k[5]).as("nose above the mouth").isLessThan(k[7]);
    }
  }

  @Test
  void thePaddedPassMapsKeypointsBackOntoTheFace() {
    List<FaceLocation> padded = new ArrayList<>();
    for (Mat crop : DetectionSets.tightCrops(20)) {
      for (FaceLocation face : landmarked.locate(crop)) {
        if (MultiPassFaceLocator.PADDED.equals(face.pass())) {
          padded.add(face);
        }
      }
    }
    assertThat(padded).as("tight crops only the padded pass finds").isNotEmpty().allSatisfy(face ->
        assertThat(LandmarkCrossCheck.disagreement(face.landmarks(), face.keypoints()))
            .as("keypoints against the 68 points of %s, in eye distances", face).isLessThan(MAPPED));
  }

  /**
   * Inside the box rather than against the 68 points: the mosaic holds sample2's woman in profile,
   * whose eyes nearly coincide, so a disagreement in eye distances means little there (6 on her).
   * A tile's offset (768 px and more) would throw the keypoints far outside a 150-230 px box.
   */
  @Test
  void theTiledPassMapsKeypointsBackOntoTheFace() {
    DetectionSets.Photo mosaic = DetectionSets.mosaic("demo 3x2", DetectionSets.demoPhotos(), 3, 1280);
    List<FaceLocation> tiled = stage.locate(mosaic.image()).stream()
        .filter(face -> MultiPassFaceLocator.TILED.equals(face.pass())).toList();
    assertThat(tiled).as("faces only the tiles find in the 3840 px mosaic").isNotEmpty().allSatisfy(face -> {
      for (int i = 0; i < 8; i += 2) {
        assertThat(face.keypoints()[i]).as("keypoint %d x of %s", i / 2, face).isBetween(face.x(), face.x() + face.w());
        assertThat(face.keypoints()[i + 1]).as("keypoint %d y of %s", i / 2, face).isBetween(face.y(), face.y() + face.h());
      }
    });
  }
}
