package io.facespark.core.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.align.FivePointRecipe.Eyes;
import io.facespark.core.align.FivePointRecipe.Mouth;
import io.facespark.core.align.FivePointRecipe.Nose;
import org.junit.jupiter.api.Test;

class FivePointRecipeTest {

  /** Landmark i at (i, 1000 + i): every derived coordinate names the points it came from. */
  private static float[] numbered() {
    float[] landmarks = new float[136];
    for (int i = 0; i < 68; i++) {
      landmarks[2 * i] = i;
      landmarks[2 * i + 1] = 1000 + i;
    }
    return landmarks;
  }

  @Test
  void dlibRecipeIsSixPointEyeMeansNoseTipAndOuterMouthCorners() {
    assertThat(FivePointRecipe.DLIB.from(numbered()))
        .containsExactly(38.5, 1038.5, 44.5, 1044.5, 30, 1030, 48, 1048, 54, 1054);
    assertThat(ChipTemplate.fromLandmarks68(numbered())).as("the dlib chip's points are the DLIB recipe's")
        .containsExactly(FivePointRecipe.DLIB.from(numbered()));
  }

  @Test
  void eachChoicePicksItsOwnPoints() {
    assertThat(new FivePointRecipe(Eyes.CORNER_MIDPOINT, Nose.TIP, Mouth.OUTER_CORNERS).from(numbered()))
        .as("corner midpoints 36/39 and 42/45").startsWith(37.5, 1037.5, 43.5, 1043.5);
    assertThat(new FivePointRecipe(Eyes.LID_MEAN, Nose.TIP, Mouth.OUTER_CORNERS).from(numbered()))
        .as("lid points 37, 38, 40, 41 and 43, 44, 46, 47").startsWith(39, 1039, 45, 1045);
    assertThat(new FivePointRecipe(Eyes.SIX_POINT_MEAN, Nose.TIP_AND_BASE_MEAN, Mouth.INNER_CORNERS).from(numbered()))
        .as("nose 30-35, inner mouth corners 60/64").endsWith(32.5, 1032.5, 60, 1060, 64, 1064);
  }

  @Test
  void wrongLandmarkCountIsAOneLineError() {
    assertThatThrownBy(() -> FivePointRecipe.DLIB.from(new float[10]))
        .hasMessage("expected 68 landmarks (136 values), got 10 values");
  }
}
