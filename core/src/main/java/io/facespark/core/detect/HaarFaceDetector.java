package io.facespark.core.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * A baseline detector: OpenCV's Viola-Jones Haar cascade ({@code haarcascade_frontalface_alt.xml},
 * shipped inside the bytedeco OpenCV jar), on the histogram-equalised grey image. Frontal faces
 * only, more misses and false alarms than the SSD, no landmarks-grade framing (square boxes around
 * eyes-nose-mouth); useful as a sanity comparison and when the SSD model is not available.
 *
 * <p>The cascade has no calibrated confidence, so {@code score} is {@code null}; faces are ordered
 * by box area descending. Not thread-safe (OpenCV's CascadeClassifier): one instance per thread.
 */
public final class HaarFaceDetector implements FaceLocator, AutoCloseable {

  static final String CASCADE = "haarcascade_frontalface_alt.xml";

  private final CascadeClassifier cascade;
  private final int minFaceSize;

  public HaarFaceDetector(int minFaceSize) {
    if (minFaceSize < 1) {
      throw new IllegalArgumentException("min face size must be >= 1, got " + minFaceSize);
    }
    this.minFaceSize = minFaceSize;
    this.cascade = new CascadeClassifier(cascadeFile().getAbsolutePath());
    if (cascade.empty()) {
      throw new IllegalStateException("OpenCV could not load the Haar cascade " + CASCADE);
    }
  }

  public HaarFaceDetector() {
    this(SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
  }

  /** The cascade XML extracted from the OpenCV jar into JavaCPP's cache (it needs a file path). */
  static File cascadeFile() {
    String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE;
    try {
      return Loader.cacheResource(Loader.class, resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource + " from the OpenCV jar", e);
    }
  }

  @Override
  public List<FaceLocation> locate(Mat bgrImage) {
    List<FaceLocation> faces = new ArrayList<>();
    try (Mat grey = new Mat(); RectVector found = new RectVector(); Size min = new Size(minFaceSize, minFaceSize);
         Size max = new Size()) {
      cvtColor(bgrImage, grey, COLOR_BGR2GRAY);
      equalizeHist(grey, grey);
      // OpenCV's defaults: scale step 1.1, 3 neighbours.
      cascade.detectMultiScale(grey, found, 1.1, 3, 0, min, max);
      for (long i = 0; i < found.size(); i++) {
        Rect r = found.get(i);
        faces.add(new FaceLocation(r.x(), r.y(), r.width(), r.height(), null));
      }
    }
    faces.sort(Comparator.comparingDouble((FaceLocation f) -> (double) f.w() * f.h()).reversed());
    return faces;
  }

  @Override
  public void close() {
    cascade.close();
  }
}
