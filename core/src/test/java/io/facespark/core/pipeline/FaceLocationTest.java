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

  @Test
  void keypointsAreKeptByEveryCopyAndCompareByContent() {
    float[] keypoints = {1, 2, 3, 4, 5, 6};
    FaceLocation face = new FaceLocation(1, 2, 3, 4, 0.9f).withKeypoints(keypoints);
    FaceLocation copied = face.withLandmarks(new float[] {7, 8}).withPass("full");
    assertThat(copied.keypoints()).containsExactly(keypoints);
    assertThat(copied.withKeypoints(keypoints.clone())).isEqualTo(copied).hasSameHashCodeAs(copied);
    assertThat(copied).isNotEqualTo(copied.withKeypoints(null));
    assertThat(copied.toString()).contains("keypoints=3 points");
    assertThatThrownBy(() -> face.withKeypoints(new float[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keypoints must be x, y pairs");
  }

  @Test
  void aSecondLandmarkSetIsKeptByEveryCopyAndAlignsAlone() {
    float[] second = {9, 10, 11, 12};
    FaceLocation face = new FaceLocation(1, 2, 3, 4, 0.9f).withLandmarks(new float[] {5, 6}).withSecondLandmarks(second);
    FaceLocation copied = face.withPass("full").withKeypoints(new float[] {7, 8});
    assertThat(copied.secondLandmarks()).containsExactly(second);
    assertThat(face.withSecondLandmarks(second.clone())).isEqualTo(face).hasSameHashCodeAs(face);
    assertThat(face).isNotEqualTo(face.withSecondLandmarks(null));
    assertThat(face.toString()).contains("second landmarks=2 points");
    FaceLocation alone = face.onSecondLandmarks();
    assertThat(alone.landmarks()).containsExactly(second);
    assertThat(alone.secondLandmarks()).isNull();
    assertThat(alone.x()).isEqualTo(face.x());
    assertThatThrownBy(() -> new FaceLocation(1, 2, 3, 4, 0.9f).onSecondLandmarks())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no second landmark set");
    assertThatThrownBy(() -> face.withSecondLandmarks(new float[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("second landmarks must be x, y pairs");
  }
}
