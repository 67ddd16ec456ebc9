package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default detect stage (BlazeFace, second passes, 68 landmarks, as {@link DetectorSource}
 * opens it for the embed job) finds the same faces when it sees several images in one forward as
 * when it sees them one by one: real demo photos, LFW images, tight crops (the padded pass) and
 * face-free images of different sizes in one batch.
 */
class BatchedDetectionTest {

  private static LandmarkedFaceLocator stage;
  private static List<Mat> images;

  @BeforeAll
  static void load() {
    stage = DetectorSource.detector(DetectorSource.BLAZEFACE, TestData.models(), null,
        SsdFaceDetector.DEFAULT_MIN_FACE_SIZE, true).open();
    images = new ArrayList<>();
    DetectionSets.demoPhotos().forEach(photo -> images.add(photo.image()));
    for (Path file : DetectionSets.lfwSample(6)) {
      images.add(DetectionSets.decode(file));
    }
    images.addAll(DetectionSets.tightCrops(30)); // about 1 in 10 only the padded pass finds
    images.addAll(DetectionSets.faceFree(4));
  }

  @AfterAll
  static void close() throws Exception {
    if (stage != null) {
      stage.close();
    }
  }

  @Test
  void aBatchFindsTheSameFacesAsOneByOne() {
    List<List<FaceLocation>> together = stage.locateAll(images);
    assertThat(together).hasSameSizeAs(images);
    Map<String, Integer> byPass = new TreeMap<>();
    for (int i = 0; i < images.size(); i++) {
      List<FaceLocation> alone = stage.locate(images.get(i));
      List<FaceLocation> batched = together.get(i);
      assertThat(batched).as("faces of image %d (%dx%d)", i, images.get(i).cols(), images.get(i).rows())
          .hasSameSizeAs(alone);
      for (int f = 0; f < alone.size(); f++) {
        FaceLocation a = alone.get(f);
        FaceLocation b = batched.get(f);
        String what = "image " + i + " face " + f;
        assertThat(b.x()).as(what + " x").isCloseTo(a.x(), within(1e-3f));
        assertThat(b.y()).as(what + " y").isCloseTo(a.y(), within(1e-3f));
        assertThat(b.w()).as(what + " w").isCloseTo(a.w(), within(1e-3f));
        assertThat(b.h()).as(what + " h").isCloseTo(a.h(), within(1e-3f));
        assertThat(b.score()).as(what + " score").isCloseTo(a.score(), within(1e-4f));
        assertThat(b.pass()).as(what + " pass").isEqualTo(a.pass());
        assertThat(b.landmarks()).as(what + " landmarks").containsExactly(a.landmarks(), within(1e-2f));
        byPass.merge(b.pass(), 1, Integer::sum);
      }
    }
    // The batch must have exercised both the shared forward and a per-image second pass.
    assertThat(byPass).as("faces by pass").containsKeys(MultiPassFaceLocator.FULL, MultiPassFaceLocator.PADDED);
  }

  @Test
  void aBatchOfOneIsTheSingleImagePath() {
    Mat photo = images.get(0);
    assertThat(stage.locateAll(List.of(photo)).get(0)).hasSameSizeAs(stage.locate(photo)).hasSize(3);
  }
}
