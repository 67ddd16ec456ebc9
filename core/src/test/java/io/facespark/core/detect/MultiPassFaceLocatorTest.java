package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second passes with the real SSD on sets built from LFW and the demo photos. */
class MultiPassFaceLocatorTest {

  private static SsdFaceDetector ssd;
  private static MultiPassFaceLocator passes;

  @BeforeAll
  static void load() {
    ssd = SsdFaceDetector.load(DetectFixture.modelDir());
    passes = new MultiPassFaceLocator(ssd, DetectorSource.EXTRA_PASS_MIN_SCORE, 0.5, 2000, 1024);
  }

  @AfterAll
  static void close() {
    if (ssd != null) {
      ssd.close();
    }
  }

  @Test
  void tilesCoverTheWholeImageAndStayInsideIt() {
    List<Rect> tiles = passes.tiles(3840, 1700);
    boolean[][] covered = new boolean[1700][3840];
    for (Rect t : tiles) {
      assertThat(t.x() >= 0 && t.y() >= 0 && t.x() + t.width() <= 3840 && t.y() + t.height() <= 1700)
          .as("tile %d,%d %dx%d inside 3840x1700", t.x(), t.y(), t.width(), t.height()).isTrue();
      for (int y = t.y(); y < t.y() + t.height(); y++) {
        java.util.Arrays.fill(covered[y], t.x(), t.x() + t.width(), true);
      }
    }
    for (boolean[] row : covered) {
      for (boolean pixel : row) {
        assertThat(pixel).as("every pixel is in a tile").isTrue();
      }
    }
    assertThat(tiles).as("5 columns (step 768) x 2 rows (the second pushed up to end at the edge)").hasSize(10);
  }

  @Test
  void tightCropsTheSsdMissesAreFoundByThePaddedPassInsideTheImage() {
    int ssdFound = 0;
    List<FaceLocation> added = new ArrayList<>();
    for (Mat crop : DetectionSets.tightCrops(20)) {
      boolean single = !ssd.locate(crop).isEmpty();
      ssdFound += single ? 1 : 0;
      List<FaceLocation> faces = passes.locate(crop);
      if (!single && !faces.isEmpty()) {
        added.add(faces.get(0));
        for (FaceLocation face : faces) {
          assertThat(face.x() >= 0 && face.y() >= 0 && face.x() + face.w() <= crop.cols() + 1e-3
              && face.y() + face.h() <= crop.rows() + 1e-3).as("%s inside the %dx%d crop", face, crop.cols(), crop.rows())
              .isTrue();
        }
      }
    }
    assertThat(added).as("faces only the padded pass finds (the SSD alone: %d of 20)", ssdFound).isNotEmpty()
        .allSatisfy(face -> assertThat(face.pass()).isEqualTo(MultiPassFaceLocator.PADDED));
  }

  @Test
  void smallFacesInALargePhotoAreFoundByTilesWithoutDuplicates() {
    DetectionSets.Photo mosaic = DetectionSets.mosaic("demo 3x2", DetectionSets.demoPhotos(), 3, 1280);
    List<FaceLocation> single = ssd.locate(mosaic.image());
    List<FaceLocation> faces = passes.locate(mosaic.image());

    assertThat(faces).filteredOn(face -> MultiPassFaceLocator.TILED.equals(face.pass()))
        .as("tiles add faces to the whole-image pass").isNotEmpty()
        .allSatisfy(face -> assertThat(mosaic.faces()).as("a tiled face is a real face").anyMatch(b -> b.containsCentreOf(face)));
    assertThat(matched(mosaic, faces)).as("hand-checked faces found, of " + mosaic.faces().size())
        .isGreaterThan(matched(mosaic, single));
    for (DetectionSets.Box face : mosaic.faces()) {
      assertThat(faces.stream().filter(face::containsCentreOf).count()).as("detections of one face").isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aPhotoOfThirtySixFacesGivesAtLeastThirty() {
    DetectionSets.Photo mosaic = DetectionSets.mosaic("36 LFW", DetectionSets.lfwPhotos(DetectionSets.lfwSample(36)), 6, 250);
    List<FaceLocation> faces = passes.locate(mosaic.image());
    // Documented result (README): 31 of the 36 LFW faces are found in the 1500 px mosaic.
    assertThat(faces).as("faces in a 6x6 mosaic of LFW images").hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void faceFreeImagesStayFaceFreeWithAllPasses() {
    List<Mat> free = DetectionSets.faceFree(20);
    int detections = free.stream().mapToInt(image -> passes.locate(image).size()).sum();
    assertThat(detections).as("false detections on 20 face-free images (goal: at most 1 per 100)").isZero();
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new MultiPassFaceLocator(ssd, 0.75, -1, 0, 0)).hasMessageContaining("padding must be >= 0");
    assertThatThrownBy(() -> new MultiPassFaceLocator(ssd, 0.75, 0.5, 2000, 10)).hasMessageContaining("tileSize >= 64");
  }

  private static long matched(DetectionSets.Photo photo, List<FaceLocation> faces) {
    return photo.faces().stream().filter(b -> faces.stream().anyMatch(b::containsCentreOf)).count();
  }
}
