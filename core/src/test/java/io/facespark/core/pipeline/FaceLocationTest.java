package io.facespark.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaceLocationTest {

  @Test
  void theFiveArgumentConstructorHasNoLandmarks() {
    FaceLocation face = new FaceLocation(1, 2, 3, 4, 0.9f);
    assertThat(face.landmarks()).isNull();
    assertThat(face.detected()).isTrue();
    assertThat(FaceLocation.WHOLE_IMAGE.detected()).isFalse();
    assertThat(FaceLocation.WHOLE_IMAGE.landmarks()).isNull();
  }

  @Test
  void landmarksCompareByContent() {
    FaceLocation a = new FaceLocation(1, 2, 3, 4, 0.9f).withLandmarks(new float[] {5, 6});
    FaceLocation b = new FaceLocation(1, 2, 3, 4, 0.9f, new float[] {5, 6});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new FaceLocation(1, 2, 3, 4, 0.9f));
    assertThat(a.toString()).contains("1 points");
  }

  @Test
  void landmarksMustBePairs() {
    assertThatThrownBy(() -> new FaceLocation(1, 2, 3, 4, 0.9f, new float[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
  }
}
