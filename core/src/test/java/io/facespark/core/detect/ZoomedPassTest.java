package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.testing.DetectionSets;
import io.facespark.testing.TestData;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zoomed second look ({@link MultiPassFaceLocator#ZOOMED}, {@code --det-passes zoom}) with the
 * real BlazeFace on the demo photos and face-free images.
 */
class ZoomedPassTest {

  /** sample2's middle woman, head bowed and eyes down (demo-faces.csv): the whole-image pass scores her about 0.3. */
  private static final DetectionSets.Box BOWED_HEAD = new DetectionSets.Box(901, 218, 151, 235);

  private static final double LOW_FLOOR = 0.1;

  private static CountingDetector blazeFace;

  @BeforeAll
  static void load() {
    blazeFace = new CountingDetector(new BlazeFaceDetector(
        BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS)),
        BlazeFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE));
  }

  @AfterAll
  static void close() {
    if (blazeFace != null) {
      blazeFace.detector.close();
    }
  }

  @Test
  void theBowedHeadOnlyTheZoomedLookFindsIsFound() {
    Mat sample2 = demo("sample2.jpg").image();
    assertThat(blazeFace.locate(sample2)).as("the whole-image pass alone misses her").noneMatch(BOWED_HEAD::containsCentreOf);

    List<FaceLocation> faces = zoomStage(blazeFace).locate(sample2);

    assertThat(faces).filteredOn(BOWED_HEAD::containsCentreOf).singleElement()
        .satisfies(face -> assertThat(face.pass()).isEqualTo(MultiPassFaceLocator.ZOOMED))
        .satisfies(face -> assertThat(face.score()).isGreaterThanOrEqualTo((float) DetectorSource.EXTRA_PASS_MIN_SCORE));
    assertThat(faces).as("sample2's three faces, nothing else").hasSize(3)
        .allSatisfy(face -> assertThat(demo("sample2.jpg").faces()).anyMatch(box -> box.containsCentreOf(face)));
  }

  @Test
  void faceFreeImagesGetNoZoomedFaceThoughItLooksAtThem() {
    MultiPassFaceLocator stage = zoomStage(blazeFace);
    // The default floor, and a low one with no cap that looks at far more places.
    int lowFloorZoomed = 0;
    MultiPassFaceLocator eager = new MultiPassFaceLocator(blazeFace, DetectorSource.EXTRA_PASS_MIN_SCORE, 0, 0, 1024,
        0.2, DetectorSource.ZOOM_SCALE, Integer.MAX_VALUE);
    int zoomed = 0;
    int calls = 0;
    for (Mat image : DetectionSets.faceFree(40)) {
      blazeFace.calls = 0;
      zoomed += (int) stage.locate(image).stream().filter(f -> MultiPassFaceLocator.ZOOMED.equals(f.pass())).count();
      lowFloorZoomed += (int) eager.locate(image).stream().filter(f -> MultiPassFaceLocator.ZOOMED.equals(f.pass())).count();
      calls += blazeFace.calls;
    }
    assertThat(lowFloorZoomed).as("zoomed faces on 40 face-free images at floor 0.2, uncapped").isZero();
    assertThat(calls).as("second looks taken on 40 face-free images (the test means something only if some are)")
        .isPositive();
    assertThat(zoomed).as("zoomed faces on 40 face-free images").isZero();
  }

  @Test
  void noMoreSecondLooksPerImageThanTheCap() {
    int most = 0;
    Mat busiest = null;
    // A low floor, so that some image has more doubtful candidates than the cap.
    MultiPassFaceLocator uncapped = new MultiPassFaceLocator(blazeFace, DetectorSource.EXTRA_PASS_MIN_SCORE, 0, 0, 1024,
        LOW_FLOOR, DetectorSource.ZOOM_SCALE, Integer.MAX_VALUE);
    for (Mat image : DetectionSets.faceFree(40)) {
      blazeFace.calls = 0;
      uncapped.locate(image);
      if (blazeFace.calls > most) {
        most = blazeFace.calls;
        busiest = image;
      }
    }
    assertThat(most).as("second looks on the busiest face-free image, uncapped").isGreaterThan(2);

    blazeFace.calls = 0;
    new MultiPassFaceLocator(blazeFace, DetectorSource.EXTRA_PASS_MIN_SCORE, 0, 0, 1024, LOW_FLOOR,
        DetectorSource.ZOOM_SCALE, 2).locate(busiest);
    assertThat(blazeFace.calls).as("second looks with a cap of 2").isEqualTo(2);
  }

  @Test
  void theZoomedSquareIsCentredOnTheCandidateAndClippedToTheImage() {
    MultiPassFaceLocator stage = zoomStage(blazeFace);
    Rect inside = stage.zoomSquare(new FaceLocation(400, 300, 100, 120, 0.3f), 1000, 800);
    assertThat(new int[] {inside.x(), inside.y(), inside.width(), inside.height()}).as("3 x 120 px around (450, 360)")
        .containsExactly(270, 180, 360, 360);
    Rect corner = stage.zoomSquare(new FaceLocation(10, 20, 100, 100, 0.3f), 1000, 800);
    assertThat(new int[] {corner.x(), corner.y(), corner.width(), corner.height()}).containsExactly(0, 0, 210, 220);
  }

  @Test
  void badZoomSettingsAreRefused() {
    assertThatThrownBy(() -> new MultiPassFaceLocator(blazeFace, 0.75, 0.5, 0, 0, 0.2, 3, -1))
        .hasMessageContaining("zoomLimit must be >= 0");
    assertThatThrownBy(() -> new MultiPassFaceLocator(blazeFace, 0.75, 0.5, 0, 0, 0, 3, 2))
        .hasMessageContaining("zoomFloor in (0, 1)");
    assertThatThrownBy(() -> new MultiPassFaceLocator(blazeFace, 0.75, 0.5, 0, 0, 0.2, 0.5, 2))
        .hasMessageContaining("zoomScale >= 1");
  }

  private static MultiPassFaceLocator zoomStage(DoubtfulFaceLocator detector) {
    return new MultiPassFaceLocator(detector, DetectorSource.EXTRA_PASS_MIN_SCORE, DetectorSource.PASS_PADDING,
        DetectorSource.TILE_ABOVE, DetectorSource.TILE_SIZE, DetectorSource.ZOOM_FLOOR, DetectorSource.ZOOM_SCALE,
        DetectorSource.ZOOM_LIMIT);
  }

  private static DetectionSets.Photo demo(String name) {
    return DetectionSets.demoPhotos().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The real BlazeFace, counting the plain passes (the zoomed looks; the whole-image pass goes through locateWithDoubts). */
  private static final class CountingDetector implements DoubtfulFaceLocator {
    final BlazeFaceDetector detector;
    int calls;

    CountingDetector(BlazeFaceDetector detector) {
      this.detector = detector;
    }

    @Override
    public List<FaceLocation> locate(Mat image) {
      calls++;
      return detector.locate(image);
    }

    @Override
    public Located locateWithDoubts(Mat image, double floor) {
      return detector.locateWithDoubts(image, floor);
    }
  }
}
