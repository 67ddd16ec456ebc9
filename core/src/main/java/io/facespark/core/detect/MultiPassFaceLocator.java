package io.facespark.core.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.pipeline.FaceLocator;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Runs a detector more than once where one pass misses faces, and says which pass found each face
 * ({@link FaceLocation#pass()}):
 * <ul>
 *   <li>{@value #FULL}: the whole image, always;</li>
 *   <li>{@value #TILED}: photos whose longer side exceeds {@code tileAbove} px are also cut into
 *       overlapping square tiles of {@code tileSize} px, each detected on its own, so that a face
 *       too small for the whole-image pass is seen at a larger scale; a tile's face that touches an
 *       inner tile edge (possibly cut) is left to the neighbouring tile, and one that overlaps a
 *       face already found (IoU above 0.3, or half of it inside) is the same face and is dropped;</li>
 *   <li>{@value #ZOOMED}: with a {@link DoubtfulFaceLocator} and {@code zoomLimit > 0}, a second
 *       look at the whole-image pass's doubtful candidates (scoring at least {@code zoomFloor} but
 *       below the detector's score), best first, at most {@code zoomLimit} per image, skipping
 *       those on a face already found and those whose square would span more than
 *       {@value #ZOOM_MAX_SHARE} of the image's longer side (the net would see them barely larger
 *       than the first time; on LFW photos at 640 px these are most candidates): the square of
 *       {@code zoomScale} x the candidate's side around it (clipped to the image) is detected on its
 *       own, so that the face fills more of the net's input; a face found there that is the
 *       candidate (same face) is kept. A bowed or turned head can score low when it is small in the
 *       frame and high when seen closer;</li>
 *   <li>{@value #PADDED}: when the passes above found nothing, the image framed in a black border
 *       of {@code padding} x its longer side on every side: a face that fills the frame (ID photos,
 *       crops written by another system) becomes a face in a scene, which is what detectors are
 *       trained on. Boxes are mapped back and clipped to the image.</li>
 * </ul>
 * A face that only a second pass finds must score at least {@code extraMinScore}. Faces come back
 * largest first ({@link SsdFaceDetector#LARGEST_FIRST}). One thread at a time,
 * like the detector.
 */
public final class MultiPassFaceLocator implements FaceLocator, AutoCloseable {

  public static final String FULL = "full";
  public static final String TILED = "tiled";
  public static final String PADDED = "padded";
  public static final String ZOOMED = "zoomed";
  private static final double SAME_FACE_IOU = 0.3;
  private static final double TILE_OVERLAP = 0.25;
  static final double ZOOM_MAX_SHARE = 0.6;

  private final FaceLocator detector;
  private final double extraMinScore;
  private final double padding;
  private final int tileAbove;
  private final int tileSize;
  private final double zoomFloor;
  private final double zoomScale;
  private final int zoomLimit;

  /**
   * @param extraMinScore the score a face found only by the tiled, zoomed or padded pass must reach: those
   *     passes show the detector crops it was not trained on (body parts blown up, black frames),
   *     where it fires falsely more often
   * @param padding border on each side as a fraction of the longer side; 0 turns the padded pass off
   * @param tileAbove tile images whose longer side is above this many pixels; 0 turns tiling off
   * @param tileSize side of the square tiles in pixels
   */
  public MultiPassFaceLocator(FaceLocator detector, double extraMinScore, double padding, int tileAbove, int tileSize) {
    this(detector, extraMinScore, padding, tileAbove, tileSize, 0, 1, 0);
  }

  /**
   * @param zoomFloor the lowest whole-image score a doubtful candidate needs for a second look
   * @param zoomScale side of the zoomed square as a multiple of the candidate's longer side
   * @param zoomLimit at most this many second looks per image; 0 turns the zoomed pass off
   */
  public MultiPassFaceLocator(FaceLocator detector, double extraMinScore, double padding, int tileAbove, int tileSize,
                              double zoomFloor, double zoomScale, int zoomLimit) {
    if (!(padding >= 0) || tileAbove < 0 || (tileAbove > 0 && tileSize < 64)) {
      throw new IllegalArgumentException("padding must be >= 0, tileAbove >= 0 and tileSize >= 64 px, got "
          + padding + ", " + tileAbove + ", " + tileSize);
    }
    if (zoomLimit < 0 || (zoomLimit > 0 && !(zoomFloor > 0 && zoomFloor < 1 && zoomScale >= 1))) {
      throw new IllegalArgumentException("zoomLimit must be >= 0, and with a zoomed pass zoomFloor in (0, 1) and"
          + " zoomScale >= 1, got " + zoomLimit + ", " + zoomFloor + ", " + zoomScale);
    }
    this.zoomFloor = zoomFloor;
    this.zoomScale = zoomScale;
    this.zoomLimit = zoomLimit;
    this.detector = detector;
    this.extraMinScore = extraMinScore;
    this.padding = padding;
    this.tileAbove = tileAbove;
    this.tileSize = tileSize;
  }

  @Override
  public List<FaceLocation> locate(Mat image) {
    List<FaceLocation> faces = new ArrayList<>();
    List<FaceLocation> doubtful = List.of();
    if (zoomLimit > 0 && detector instanceof DoubtfulFaceLocator doubting) {
      DoubtfulFaceLocator.Located located = doubting.locateWithDoubts(image, zoomFloor);
      located.faces().forEach(face -> faces.add(face.withPass(FULL)));
      doubtful = located.doubtful();
    } else {
      detector.locate(image).forEach(face -> faces.add(face.withPass(FULL)));
    }
    if (tileAbove > 0 && Math.max(image.cols(), image.rows()) > tileAbove) {
      for (Rect tile : tiles(image.cols(), image.rows())) {
        try (Mat view = new Mat(image, tile)) {
          for (FaceLocation face : detector.locate(view)) {
            if (!confident(face) || cutByTileEdge(face, tile, image)) {
              continue; // a neighbouring tile (they overlap by a quarter) or the full pass sees it whole
            }
            FaceLocation shifted = shift(face, tile.x(), tile.y(), image).withPass(TILED);
            if (faces.stream().noneMatch(known -> sameFace(known, shifted))) {
              faces.add(shifted);
            }
          }
        }
      }
    }
    zoomIn(image, doubtful, faces);
    if (faces.isEmpty() && padding > 0) {
      int border = (int) Math.round(padding * Math.max(image.cols(), image.rows()));
      try (Mat framed = new Mat()) {
        copyMakeBorder(image, framed, border, border, border, border, BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
        for (FaceLocation face : detector.locate(framed)) {
          FaceLocation shifted = shift(face, -border, -border, image);
          if (confident(face) && shifted.w() > 0 && shifted.h() > 0) {
            faces.add(shifted.withPass(PADDED));
          }
        }
      }
    }
    faces.sort(SsdFaceDetector.LARGEST_FIRST);
    return faces;
  }

  /** The zoomed pass: a second look at up to {@code zoomLimit} doubtful candidates not on a known face. */
  private void zoomIn(Mat image, List<FaceLocation> doubtful, List<FaceLocation> faces) {
    int looks = 0;
    for (FaceLocation candidate : doubtful) {
      if (looks == zoomLimit) {
        break;
      }
      if (zoomScale * Math.max(candidate.w(), candidate.h()) > ZOOM_MAX_SHARE * Math.max(image.cols(), image.rows())
          || faces.stream().anyMatch(known -> sameFace(known, candidate))) {
        continue;
      }
      looks++;
      Rect square = zoomSquare(candidate, image.cols(), image.rows());
      try (Mat view = new Mat(image, square)) {
        for (FaceLocation face : detector.locate(view)) {
          FaceLocation shifted = shift(face, square.x(), square.y(), image).withPass(ZOOMED);
          if (confident(face) && sameFace(candidate, shifted)
              && faces.stream().noneMatch(known -> sameFace(known, shifted))) {
            faces.add(shifted);
          }
        }
      }
    }
  }

  /** The square of {@code zoomScale} x the face's longer side around its centre, clipped to the image. */
  public Rect zoomSquare(FaceLocation face, int width, int height) {
    double half = zoomScale * Math.max(face.w(), face.h()) / 2;
    double cx = face.x() + face.w() / 2.0;
    double cy = face.y() + face.h() / 2.0;
    int left = (int) Math.max(0, Math.floor(cx - half));
    int top = (int) Math.max(0, Math.floor(cy - half));
    int right = (int) Math.min(width, Math.ceil(cx + half));
    int bottom = (int) Math.min(height, Math.ceil(cy + half));
    return new Rect(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
  }

  /** Square tiles covering the image, neighbours overlapping by a quarter. */
  List<Rect> tiles(int width, int height) {
    List<Rect> tiles = new ArrayList<>();
    int step = (int) Math.round(tileSize * (1 - TILE_OVERLAP));
    for (int y = 0; ; y += step) {
      int top = Math.min(y, Math.max(0, height - tileSize));
      for (int x = 0; ; x += step) {
        int left = Math.min(x, Math.max(0, width - tileSize));
        tiles.add(new Rect(left, top, Math.min(tileSize, width), Math.min(tileSize, height)));
        if (left + tileSize >= width) {
          break;
        }
      }
      if (top + tileSize >= height) {
        break;
      }
    }
    return tiles;
  }

  private boolean confident(FaceLocation face) {
    return face.score() == null || face.score() >= extraMinScore;
  }

  /** A box touching a tile edge that is not an image edge: the face may be cut there. */
  private static boolean cutByTileEdge(FaceLocation face, Rect tile, Mat image) {
    double margin = 2;
    return (tile.x() > 0 && face.x() <= margin)
        || (tile.y() > 0 && face.y() <= margin)
        || (tile.x() + tile.width() < image.cols() && face.x() + face.w() >= tile.width() - margin)
        || (tile.y() + tile.height() < image.rows() && face.y() + face.h() >= tile.height() - margin);
  }

  /** Overlapping boxes, or one mostly inside the other (a face seen whole and in part). */
  public static boolean sameFace(FaceLocation a, FaceLocation b) {
    double ix = Math.max(0, Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x()));
    double iy = Math.max(0, Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y()));
    double smaller = Math.min((double) a.w() * a.h(), (double) b.w() * b.h());
    return a.iou(b) > SAME_FACE_IOU || (smaller > 0 && ix * iy / smaller > 0.5);
  }

  /** The face moved by (dx, dy) and clipped to the image (landmarks and keypoints, if any, moved too). */
  private static FaceLocation shift(FaceLocation face, double dx, double dy, Mat image) {
    double left = Math.max(0, face.x() + dx);
    double top = Math.max(0, face.y() + dy);
    double right = Math.min(image.cols(), face.x() + face.w() + dx);
    double bottom = Math.min(image.rows(), face.y() + face.h() + dy);
    return new FaceLocation((float) left, (float) top, (float) Math.max(0, right - left),
        (float) Math.max(0, bottom - top), face.score(), shift(face.landmarks(), dx, dy), face.pass(),
        shift(face.keypoints(), dx, dy));
  }

  /** Points {@code x0, y0, ...} moved by (dx, dy), not clipped (a keypoint may lie outside the image); null stays null. */
  private static float[] shift(float[] points, double dx, double dy) {
    if (points == null) {
      return null;
    }
    float[] moved = points.clone();
    for (int i = 0; i < moved.length; i += 2) {
      moved[i] += (float) dx;
      moved[i + 1] += (float) dy;
    }
    return moved;
  }

  @Override
  public void close() throws Exception {
    if (detector instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
