package io.facespark.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.image.ImageDecoder;
import io.facespark.core.pipeline.FaceLocation;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detector on inputs the golden photos do not cover: no face, tiny faces, grey, upside down, huge. */
class SsdFaceDetectorTest {

  private static SsdMobileNetV1 net;
  private static SsdFaceDetector detector;

  @BeforeAll
  static void load() {
    net = SsdMobileNetV1.load(DetectFixture.modelDir());
    detector = new SsdFaceDetector(net, SsdFaceDetector.DEFAULT_MIN_SCORE, SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
  }

  @AfterAll
  static void close() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aGradientHasNoFace() {
    try (Mat gradient = new Mat(480, 640, opencv_core.CV_8UC3)) {
      byte[] row = new byte[640 * 3];
      for (int y = 0; y < 480; y++) {
        for (int x = 0; x < 640; x++) {
          row[x * 3] = (byte) (x * 255 / 639);
          row[x * 3 + 1] = (byte) (y * 255 / 479);
          row[x * 3 + 2] = (byte) ((x + y) * 255 / 1118);
        }
        gradient.ptr(y).put(row);
      }
      assertThat(detector.locate(gradient)).as("faces in a colour gradient").isEmpty();
    }
  }

  @Test
  void aBackgroundCropHasNoFace() {
    // sample1's bottom-left 400x300 corner: clothing and background, no face (faces start at y=199).
    try (Mat photo = DetectFixture.demo("sample1.jpg");
         Mat corner = photo.apply(new org.bytedeco.opencv.opencv_core.Rect(0, 900, 400, 300)).clone()) {
      assertThat(detector.locate(corner)).as("faces in a background crop").isEmpty();
    }
  }

  @Test
  void facesAreOrderedLargestFirstThenByScore() {
    try (Mat photo = DetectFixture.demo("sample5.jpg")) {
      List<FaceLocation> faces = detector.locate(photo);
      assertThat(faces).hasSize(5);
      assertThat(faces).as("area descending, then score").isSortedAccordingTo(SsdFaceDetector.LARGEST_FIRST);
      assertThat(faces.get(0).w() * faces.get(0).h()).isGreaterThan(faces.get(4).w() * faces.get(4).h());
    }
  }

  @Test
  void facesBelowTheMinimumSizeAreDropped() {
    // Shrunk to 240 px wide the demo faces are ~22-28 px: found without a minimum, dropped at 40.
    try (Mat photo = DetectFixture.demo("sample1.jpg"); Mat small = scaled(photo, 240.0 / photo.cols(), INTER_AREA)) {
      List<FaceLocation> any = new SsdFaceDetector(net, 0.5, 0).locate(small);
      System.out.println("240 px wide sample1, no minimum size: " + any);
      assertThat(any).as("faces found at 240 px with no minimum").isNotEmpty();
      assertThat(any).allMatch(f -> Math.min(f.w(), f.h()) < 40);
      assertThat(detector.locate(small)).as("faces kept with the default minimum of 40 px").isEmpty();
    }
  }

  @Test
  void aGreyscalePhotoWorks() throws Exception {
    try (Mat photo = DetectFixture.demo("sample1.jpg"); Mat grey = new Mat(); BytePointer png = new BytePointer()) {
      cvtColor(photo, grey, COLOR_BGR2GRAY);
      assertThat(grey.channels()).isEqualTo(1);
      imencode(".png", grey, png);
      byte[] bytes = new byte[(int) png.limit()];
      png.get(bytes);
      try (Mat decoded = new ImageDecoder().decode(bytes)) {
        assertThat(decoded.channels()).as("ImageDecoder expands grey to BGR").isEqualTo(3);
        List<FaceLocation> grayFaces = detector.locate(decoded);
        List<FaceLocation> colourFaces = detector.locate(photo);
        System.out.println("grey: " + grayFaces);
        assertThat(grayFaces).as("faces in the grey copy").hasSameSizeAs(colourFaces);
        for (FaceLocation colour : colourFaces) {
          assertThat(bestIou(colour, grayFaces)).as("grey box matching colour box " + colour).isGreaterThan(0.9);
        }
      }
    }
  }

  @Test
  void anUpsideDownPhotoStillHasItsFacesFoundPlusAFalseAlarm() {
    // Documented behaviour, measured, not a wish. On sample1 rotated 180 degrees the SSD still finds
    // the three faces (scores 0.95, 0.99, 0.66; boxes ~10% larger than the upright ones, rotated)
    // and adds one false alarm (score 0.52, a 150x250 box at the top right). The landmark net,
    // trained on upright faces, gives meaningless points for upside-down faces, so alignment of
    // such photos is wrong: rotate images upright (EXIF) before the detect stage.
    try (Mat photo = DetectFixture.demo("sample1.jpg"); Mat upsideDown = new Mat()) {
      rotate(photo, upsideDown, ROTATE_180);
      List<FaceLocation> upright = detector.locate(photo);
      List<FaceLocation> faces = detector.locate(upsideDown);
      System.out.println("sample1 rotated 180: " + faces);
      assertThat(faces).as("faces found upside down (3 upright + 1 false alarm)").hasSize(4);
      for (FaceLocation face : upright) {
        FaceLocation rotated = new FaceLocation(photo.cols() - face.x() - face.w(), photo.rows() - face.y() - face.h(),
            face.w(), face.h(), face.score());
        assertThat(bestIou(rotated, faces)).as("upside-down match of " + face).isGreaterThan(0.7);
      }
    }
  }

  @Test
  void aVeryLargePhotoWorksAndBoxesScale() {
    try (Mat photo = DetectFixture.demo("sample2.jpg")) {
      double factor = 4200.0 / photo.cols();
      try (Mat large = scaled(photo, factor, INTER_LINEAR)) {
        assertThat(large.cols()).isEqualTo(4200);
        List<FaceLocation> original = detector.locate(photo);
        List<FaceLocation> big = detector.locate(large);
        assertThat(big).as("faces at 4200 px").hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
          FaceLocation o = original.get(i);
          FaceLocation expected = new FaceLocation((float) (o.x() * factor), (float) (o.y() * factor),
              (float) (o.w() * factor), (float) (o.h() * factor), o.score());
          assertThat(iou(big.get(i), expected)).as("box " + i + " scaled with the photo").isGreaterThan(0.9);
        }
      }
    }
  }

  @Test
  void aPortraitCropFindsTheSameFace() {
    // A tall crop (500x1280) pads on the right instead of the bottom; boxes must map back the same.
    try (Mat photo = DetectFixture.demo("sample1.jpg");
         Mat portrait = photo.apply(new org.bytedeco.opencv.opencv_core.Rect(300, 0, 500, 1280)).clone()) {
      FaceLocation full = detector.locate(photo).stream().filter(f -> f.x() > 300 && f.x() + f.w() < 800)
          .findFirst().orElseThrow();
      List<FaceLocation> faces = detector.locate(portrait);
      assertThat(faces).as("faces in the portrait crop").hasSize(1);
      FaceLocation shifted = new FaceLocation(full.x() - 300, full.y(), full.w(), full.h(), full.score());
      assertThat(iou(faces.get(0), shifted)).as("portrait box vs full-photo box").isGreaterThan(0.9);
    }
  }

  @Test
  void aTinyImageGivesNoFaceAndNoError() {
    try (Mat tiny = new Mat(20, 33, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(90, 120, 200, 0))) {
      assertThat(detector.locate(tiny)).isEmpty();
    }
  }

  static Mat scaled(Mat photo, double factor, int interpolation) {
    Mat out = new Mat();
    resize(photo, out, new Size((int) Math.round(photo.cols() * factor), (int) Math.round(photo.rows() * factor)),
        0, 0, interpolation);
    return out;
  }

  static double bestIou(FaceLocation face, List<FaceLocation> candidates) {
    return candidates.stream().mapToDouble(c -> iou(face, c)).max().orElse(0);
  }

  static double iou(FaceLocation a, FaceLocation b) {
    return DetectFixture.iou(a.x(), a.y(), a.w(), a.h(), b.x(), b.y(), b.w(), b.h());
  }
}
