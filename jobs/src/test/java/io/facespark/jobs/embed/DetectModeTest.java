package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Which of a detect stage's faces each mode keeps (the faces come largest first, as the stage gives them). */
class DetectModeTest {

  private static final FaceLocation LARGER_ASIDE = new FaceLocation(0, 100, 110, 110, 0.9f);
  private static final FaceLocation CENTRAL = new FaceLocation(250, 150, 100, 100, 0.95f);
  private static final FaceLocator TWO_FACES = image -> List.of(LARGER_ASIDE, CENTRAL);

  @Test
  void largestKeepsTheMainFaceNotTheBiggestBox() {
    try (Mat photo = new Mat(400, 600, opencv_core.CV_8UC3)) {
      assertThat(DetectMode.LARGEST.select(TWO_FACES).locate(photo))
          .as("a face 1.2x the area at the edge against one at the centre").containsExactly(CENTRAL);
      assertThat(DetectMode.ALL.select(TWO_FACES).locate(photo)).containsExactly(LARGER_ASIDE, CENTRAL);
      assertThat(DetectMode.LARGEST.select(image -> List.of()).locate(photo)).isEmpty();
    }
  }

  @Test
  void anUnknownModeIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> DetectMode.parse("biggest")).hasMessage("--detect must be none, box, all or largest, got 'biggest'");
  }
}
