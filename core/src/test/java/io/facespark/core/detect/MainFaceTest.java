package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class MainFaceTest {

  @Test
  void ofTwoFacesOfOneSizeTheCentralOneIsTheSubject() {
    FaceLocation aside = new FaceLocation(10, 40, 100, 100, 0.9f);
    FaceLocation central = new FaceLocation(250, 150, 100, 100, 0.9f);
    assertThat(MainFace.of(List.of(aside, central), 600, 400)).isEqualTo(1);
  }

  @Test
  void aMuchLargerFaceAwayFromTheCentreStillWins() {
    FaceLocation large = new FaceLocation(0, 0, 300, 300, 0.9f);  // centre (150, 150): r^2 = 0.19 in 600 x 400
    FaceLocation central = new FaceLocation(270, 170, 60, 60, 0.9f);
    assertThat(MainFace.of(List.of(central, large), 600, 400)).isEqualTo(1);
  }

  @Test
  void equalWeightsKeepTheFirstAndNoFaceGivesMinusOne() {
    FaceLocation left = new FaceLocation(100, 150, 100, 100, 0.9f);
    FaceLocation right = new FaceLocation(400, 150, 100, 100, 0.8f);
    assertThat(MainFace.of(List.of(left, right), 600, 400)).isZero();
    assertThat(MainFace.of(List.of(), 600, 400)).isEqualTo(-1);
  }

  /**
   * LFW photos (View 1 DevTrain) where BlazeFace's largest face is a bystander beside the person
   * named: the main face is the one in LFW's own face box.
   */
  @Test
  void inLfwPhotosWithALargerBystanderTheNamedPersonIsTheMainFace() {
    try (BlazeFaceDetector blazeFace = new BlazeFaceDetector(
        BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE)) {
      for (String[] photo : new String[][] {{"Holly_Hunter", "7"}, {"Naji_Sabri", "8"}}) {
        try (Mat bgr = DetectionSets.decode(TestData.lfwImage(photo[0], Integer.parseInt(photo[1])))) {
          DetectionSets.Box named = DetectionSets.lfwFace(bgr);
          FaceLocation box = new FaceLocation((float) named.x(), (float) named.y(), (float) named.w(), (float) named.h(), null);
          List<FaceLocation> faces = blazeFace.locate(bgr);
          assertThat(faces.get(0).iou(box)).as("%s %s: the largest face is beside LFW's box", photo[0], photo[1])
              .isLessThan(0.3);
          assertThat(faces.get(MainFace.of(faces, bgr.cols(), bgr.rows())).iou(box))
              .as("%s %s: the main face is in LFW's box", photo[0], photo[1]).isGreaterThan(0.3);
        }
      }
    }
  }
}
