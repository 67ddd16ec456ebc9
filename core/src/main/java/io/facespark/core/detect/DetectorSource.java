package io.facespark.core.detect;

import io.facespark.core.detect.facemesh.FaceMeshLandmarker;
import io.facespark.core.detect.facemesh.FaceMeshNet;
import io.facespark.core.image.RelativeBox;
import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.model.tfjs.TfjsGraphFiles;
import io.facespark.core.model.tfjs.TfjsModelFiles;
import io.facespark.core.pipeline.FaceLocator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything an executor needs to build the detect stage (a detector, {@code blazeface} or
 * {@code ssd}, optionally with its second passes, or a fixed face box; then 68-point landmarks, or
 * FaceMesh's five arcface points with BlazeFace, see {@link Landmarks}):
 * the nets' bytes (a few MB) and the settings. Read once on the driver, broadcast, {@link #open()}
 * once per task thread (the nets are one thread at a time).
 */
public final class DetectorSource implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String SSD = "ssd";
  public static final String BLAZEFACE = "blazeface";
  /** {@code --detector}'s default: see the README's detector comparison. */
  public static final String DEFAULT_DETECTOR = BLAZEFACE;
  /**
   * The second passes ({@link MultiPassFaceLocator}): padding 0.5, tiles of 1024 px above 2000 px,
   * and their faces scoring at least 0.75 (blazeface's lowest score with no false detection on
   * DetectBenchmark's 100 face-free images in one pass).
   */
  public static final double EXTRA_PASS_MIN_SCORE = 0.75;
  public static final double PASS_PADDING = 0.5;
  public static final int TILE_ABOVE = 2000;
  public static final int TILE_SIZE = 1024;
  /**
   * The zoomed second look ({@link MultiPassFaceLocator#ZOOMED}): candidates scoring 0.3 or more, in
   * a square of 3x their side, at most 2 per photo; its faces need {@link #EXTRA_PASS_MIN_SCORE}.
   * Chosen with {@code ZoomPassFit} on 300 LFW images at 640 px and 400 face-free images: the
   * lowest floor whose looks stay under 0.05 per LFW photo (a look costs about one detector pass);
   * no zoomed face on the face-free images at any floor from 0.2 up with 3x squares (2x kept
   * faces inside LFW's background crowds and cost more). On by default ({@code --det-passes zoom};
   * {@code multi} leaves it out): at 640 px a look costs about 0.7 of a photo's detect + landmarks +
   * align, so 0.047 looks per photo cost about 3.5%, and the default stage still holds the speed goal.
   */
  public static final double ZOOM_FLOOR = 0.3;
  public static final double ZOOM_SCALE = 3;
  public static final int ZOOM_LIMIT = 2;

  /** {@code --landmarks}: which landmark stage follows the detector. */
  public enum Landmarks {
    /** face-api's 68-point net, checked against BlazeFace's keypoints ({@link LandmarkCrossCheck}); the default. */
    L68("68"),
    /**
     * MediaPipe FaceMesh framed by BlazeFace's keypoints ({@link FaceMeshLandmarker}): the five arcface
     * points only, so for arcface-chip models with the blazeface detector.
     */
    MESH("mesh", "+mesh"),
    /**
     * Both, on every face: the face is kept or dropped as with the 68 points, and a chip is cut on
     * each set; the model's two embeddings are averaged (arcface-chip models with BlazeFace only).
     */
    BOTH("68+mesh", "+68+mesh");

    private final String option;
    private final String versionSuffix;

    Landmarks(String option) {
      this(option, "");
    }

    Landmarks(String option, String versionSuffix) {
      this.option = option;
      this.versionSuffix = versionSuffix;
    }

    public String option() {
      return option;
    }

    /**
     * What the faces table's model_version gets (as {@code +flip} for test-time augmentation): the
     * embeddings of another alignment are not comparable, nor is a calibration measured on them.
     */
    public String versionSuffix() {
      return versionSuffix;
    }

    public static Landmarks parse(String text) {
      for (Landmarks kind : values()) {
        if (kind.option.equals(text == null ? null : text.trim())) {
          return kind;
        }
      }
      throw new IllegalArgumentException("--landmarks must be 68, mesh or 68+mesh, got '" + text + "'");
    }
  }

  /** The SSD's weights; null for a fixed face box or BlazeFace. */
  private final TfjsModelFiles detector;
  /** BlazeFace's graph model; null otherwise. */
  private final TfjsGraphFiles blazeFace;
  private final boolean multiPass;
  /** The zoomed second look too (with multiPass; on by default in embed), see {@link #ZOOM_FLOOR}. */
  private final boolean zoom;
  /** The 68-point net's weights; null with FaceMesh alone. */
  private final TfjsModelFiles landmarks;
  /** FaceMesh's graph model; null with the 68-point net alone. */
  private final TfjsGraphFiles faceMesh;
  private final double minScore;
  private final int minFaceSize;
  /** Null with the SSD detector. */
  private final RelativeBox fixedBox;

  private DetectorSource(TfjsModelFiles detector, TfjsGraphFiles blazeFace, boolean multiPass, boolean zoom,
                         TfjsModelFiles landmarks, double minScore, int minFaceSize, RelativeBox fixedBox) {
    this(detector, blazeFace, multiPass, zoom, landmarks, null, minScore, minFaceSize, fixedBox);
  }

  private DetectorSource(TfjsModelFiles detector, TfjsGraphFiles blazeFace, boolean multiPass, boolean zoom,
                         TfjsModelFiles landmarks, TfjsGraphFiles faceMesh, double minScore, int minFaceSize,
                         RelativeBox fixedBox) {
    this.detector = detector;
    this.blazeFace = blazeFace;
    this.multiPass = multiPass;
    this.zoom = zoom;
    this.landmarks = landmarks;
    this.faceMesh = faceMesh;
    this.minScore = minScore;
    this.minFaceSize = minFaceSize;
    this.fixedBox = fixedBox;
  }

  /** The SSD, one pass: validates the settings and reads both nets from the (verified) model directory. */
  public static DetectorSource read(Path modelDir, double minScore, int minFaceSize) {
    checkSettings(minScore, minFaceSize);
    return new DetectorSource(TfjsModelFiles.read(modelDir, SsdMobileNetV1.MANIFEST_FILE), null, false, false,
        TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE), minScore, minFaceSize, null);
  }

  /**
   * {@code --detector name} ({@value #BLAZEFACE} or {@value #SSD}) with its own default score when
   * {@code minScore} is null, the second passes when {@code multiPass}, and the zoomed second look
   * too when {@code zoom} (BlazeFace only).
   */
  public static DetectorSource detector(String name, ModelCache cache, Double minScore, int minFaceSize,
                                        boolean multiPass, boolean zoom) {
    Path modelDir = cache.requireVerifiedModelDir();
    TfjsModelFiles landmarks = TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE);
    return switch (name) {
      case SSD -> {
        double score = minScore == null ? SsdFaceDetector.DEFAULT_MIN_SCORE : minScore;
        checkSettings(score, minFaceSize);
        yield new DetectorSource(TfjsModelFiles.read(modelDir, SsdMobileNetV1.MANIFEST_FILE), null, multiPass, zoom,
            landmarks, score, minFaceSize, null);
      }
      case BLAZEFACE -> {
        double score = minScore == null ? BlazeFaceDetector.DEFAULT_MIN_SCORE : minScore;
        checkSettings(score, minFaceSize);
        yield new DetectorSource(null, BlazeFaceNet.files(cache.requireVerified(ModelPackage.HUMAN_MODELS)), multiPass,
            zoom, landmarks, score, minFaceSize, null);
      }
      default -> throw new IllegalArgumentException("--detector must be " + BLAZEFACE + " or " + SSD + ", got '"
          + name + "'");
    };
  }

  /** As above, followed by the landmark stage {@code kind} (FaceMesh needs {@value #BLAZEFACE}). */
  public static DetectorSource detector(String name, ModelCache cache, Double minScore, int minFaceSize,
                                        boolean multiPass, boolean zoom, Landmarks kind) {
    if (kind != Landmarks.L68 && !BLAZEFACE.equals(name)) {
      throw new IllegalArgumentException("--landmarks " + kind.option() + " is framed by BlazeFace's keypoints: use"
          + " --detector " + BLAZEFACE + " (got --detector " + name + ")");
    }
    DetectorSource source = detector(name, cache, minScore, minFaceSize, multiPass, zoom);
    return kind == Landmarks.L68 ? source
        : new DetectorSource(null, source.blazeFace, multiPass, zoom, kind == Landmarks.BOTH ? source.landmarks : null,
            FaceMeshNet.files(cache.requireVerified(ModelPackage.HUMAN_MODELS)), source.minScore, minFaceSize, null);
  }

  private static void checkSettings(double minScore, int minFaceSize) {
    if (!(minScore > 0 && minScore < 1)) {
      throw new IllegalArgumentException("--det-threshold must be in (0, 1), got " + minScore);
    }
    if (minFaceSize < 0) {
      throw new IllegalArgumentException("--min-face must be 0 or more pixels, got " + minFaceSize);
    }
  }

  /** No detector: every image is one face in {@code box} ({@link FixedFaceBox}), then landmarks. */
  public static DetectorSource fixedBox(Path modelDir, RelativeBox box) {
    return new DetectorSource(null, null, false, false, TfjsModelFiles.read(modelDir, FaceLandmarks68.MANIFEST_FILE), 0, 0,
        Objects.requireNonNull(box, "box"));
  }

  /**
   * A new detect stage: faces largest first, each with its landmarks (68, FaceMesh's five, or the
   * 68 with FaceMesh's five as the second set); the caller closes it.
   */
  public LandmarkedFaceLocator open() {
    FaceLocator faces = fixedBox != null ? new FixedFaceBox(fixedBox)
        : blazeFace != null ? new BlazeFaceDetector(BlazeFaceNet.fromFiles(blazeFace), minScore, minFaceSize)
        : new SsdFaceDetector(SsdMobileNetV1.fromWeights(detector.weights()), minScore, minFaceSize);
    if (multiPass) {
      faces = new MultiPassFaceLocator(faces, Math.max(minScore, EXTRA_PASS_MIN_SCORE), PASS_PADDING, TILE_ABOVE,
          TILE_SIZE, ZOOM_FLOOR, ZOOM_SCALE, zoom ? ZOOM_LIMIT : 0);
    }
    return new LandmarkedFaceLocator(faces, landmarks == null ? null : FaceLandmarks68.fromWeights(landmarks.weights()),
        faceMesh == null ? null : new FaceMeshLandmarker(FaceMeshNet.fromFiles(faceMesh)));
  }

  /** The landmark stage that follows the detector. */
  public Landmarks landmarks() {
    return faceMesh == null ? Landmarks.L68 : landmarks == null ? Landmarks.MESH : Landmarks.BOTH;
  }

  public long sizeBytes() {
    return (detector == null ? 0 : detector.sizeBytes()) + (blazeFace == null ? 0 : blazeFace.sizeBytes())
        + (landmarks == null ? 0 : landmarks.sizeBytes()) + (faceMesh == null ? 0 : faceMesh.sizeBytes());
  }

  /** Identifies the settings, for pooling built detectors per JVM. */
  public String key() {
    return fixedBox != null ? "fixed-box+landmark68@" + fixedBox
        : (blazeFace != null ? "blazeface-back" : "ssd-mobilenetv1") + (multiPass ? "+passes" : "") + (multiPass && zoom ? "+zoom" : "")
            + (landmarks != null ? "+landmark68" : "") + (faceMesh != null ? "+facemesh" : "") + "@" + minScore + "/"
            + minFaceSize;
  }
}
