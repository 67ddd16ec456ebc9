package io.facespark.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.detect.FixedFaceBox;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.pipeline.FaceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The image sets detection is measured on, built deterministically from LFW and the demo photos
 * (no detector involved, so no detector can shape its own test): a fixed sample of LFW
 * deep-funneled, tight crops cut from it, the demo photos with their faces, and face-free images.
 */
public final class DetectionSets {

  /** A face, or where one is not allowed, in image pixels. */
  public record Box(double x, double y, double w, double h) {

    public boolean containsCentreOf(FaceLocation face) {
      double cx = face.x() + face.w() / 2;
      double cy = face.y() + face.h() / 2;
      return cx >= x && cx <= x + w && cy >= y && cy <= y + h;
    }

    /** Whether the rectangle touches this box grown by {@code margin} of its size on every side. */
    boolean touches(Rect r, double margin) {
      return r.x() < x + w * (1 + margin) && r.x() + r.width() > x - w * margin
          && r.y() < y + h * (1 + margin) && r.y() + r.height() > y - h * margin;
    }
  }

  /** A demo photo and its faces (checked by eye: {@code detect/demo-faces.csv}). */
  public record Photo(String name, Mat image, List<Box> faces) {
  }

  private static final ImageDecoder DECODER = new ImageDecoder();

  private DetectionSets() {
  }

  /** {@code count} LFW deep-funneled images evenly spaced over the sorted list of all 13,233. */
  public static List<Path> lfwSample(int count) {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(TestData.lfwDir().resolve("lfw-deepfunneled"))) {
      all = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (count >= all.size()) {
      return all;
    }
    List<Path> sample = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sample.add(all.get((int) ((long) i * all.size() / count)));
    }
    return sample;
  }

  /** Where the face of an LFW deep-funneled image is, detector-free: {@link FixedFaceBox#LFW_DEEPFUNNELED}. */
  public static Box lfwFace(Mat image) {
    double[] px = FixedFaceBox.LFW_DEEPFUNNELED.inPixels(image.cols(), image.rows());
    return new Box(px[0], px[1], px[2], px[3]);
  }

  public static Mat decode(Path file) {
    try {
      return DECODER.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Tight crops as a watchlist gallery holds them: {@code count} LFW images (a sample offset from
   * {@link #lfwSample}'s) each cut to its face box, shrunk to 100 px high, every second one
   * grayscale (kept as 3 equal channels, as a gray JPEG decodes), JPEG-encoded at quality 90 and
   * decoded again.
   */
  public static List<Mat> tightCrops(int count) {
    List<Path> files = lfwSample(2 * count);
    List<Mat> crops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      crops.add(tightCrop(decode(files.get(2 * i + 1)), i % 2 == 1));
    }
    return crops;
  }

  public static Mat tightCrop(Mat lfwImage, boolean grayscale) {
    Box face = lfwFace(lfwImage);
    Mat cut = new Mat(lfwImage, new Rect((int) Math.round(face.x()), (int) Math.round(face.y()),
        (int) Math.round(face.w()), (int) Math.round(face.h())));
    Mat small = new Mat();
    int height = 100;
    resize(cut, small, new Size((int) Math.round(cut.cols() * (double) height / cut.rows()), height), 0, 0, INTER_AREA);
    if (grayscale) {
      Mat gray = new Mat();
      cvtColor(small, gray, COLOR_BGR2GRAY);
      cvtColor(gray, small, COLOR_GRAY2BGR);
    }
    return jpegRoundTrip(small);
  }

  /** The six demo photos of the face-api package, with their 22 faces. */
  public static List<Photo> demoPhotos() {
    Map<String, List<Box>> faces = new LinkedHashMap<>();
    try (InputStream in = DetectionSets.class.getResourceAsStream("/detect/demo-faces.csv")) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: /detect/demo-faces.csv");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        faces.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Box(Double.parseDouble(f[1]),
            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path demo = TestData.models().demoDir();
    List<Photo> photos = new ArrayList<>();
    faces.forEach((name, boxes) -> photos.add(new Photo(name, decode(demo.resolve(name)), List.copyOf(boxes))));
    return photos;
  }

  /**
   * {@code count} images without a face: half are tiles of the demo photos that stay clear of
   * every face by at least half a face (bodies, furniture, walls, windows), half synthetic
   * textures (noise, blurred noise, stripes, checkerboards, gradients). Seeded: the same every run.
   */
  public static List<Mat> faceFree(int count) {
    List<Mat> images = new ArrayList<>();
    List<Photo> photos = demoPhotos();
    Random random = new Random(16);
    int tiles = count / 2;
    for (int attempts = 0; images.size() < tiles; attempts++) {
      if (attempts > 100_000) {
        throw new IllegalStateException("cannot cut " + tiles + " face-free tiles from the demo photos");
      }
      Photo photo = photos.get(images.size() % photos.size());
      Mat image = photo.image();
      int w = 160 + random.nextInt(320);
      int h = (int) (w * (0.75 + random.nextDouble() * 0.75));
      if (w >= image.cols() || h >= image.rows()) {
        continue;
      }
      Rect tile = new Rect(random.nextInt(image.cols() - w), random.nextInt(image.rows() - h), w, h);
      if (photo.faces().stream().noneMatch(face -> face.touches(tile, 0.5))) {
        images.add(new Mat(image, tile).clone());
      }
    }
    for (int i = 0; images.size() < count; i++) {
      images.add(texture(i, random));
    }
    return images;
  }

  private static Mat texture(int kind, Random random) {
    int w = 256 + random.nextInt(384);
    int h = 256 + random.nextInt(384);
    byte[] px = new byte[w * h * 3];
    double period = 6 + random.nextInt(40);
    double angle = random.nextDouble() * Math.PI;
    int[] base = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double along = x * Math.cos(angle) + y * Math.sin(angle);
        for (int c = 0; c < 3; c++) {
          double v = switch (kind % 5) {
            case 0, 1 -> random.nextInt(256); // 1 is blurred below
            case 2 -> 128 + 100 * Math.sin(2 * Math.PI * along / period);
            case 3 -> ((int) (x / period) + (int) (y / period)) % 2 == 0 ? base[c] : 255 - base[c];
            default -> base[c] * (x + y) / (double) (w + h) + 40 * Math.sin(along / period);
          };
          px[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) v));
        }
      }
    }
    Mat mat = new Mat(h, w, opencv_core.CV_8UC3);
    mat.data().put(px);
    if (kind % 5 == 1) {
      GaussianBlur(mat, mat, new Size(0, 0), 2 + random.nextInt(8));
    }
    return jpegRoundTrip(mat);
  }

  /**
   * The images side by side in a grid of {@code columns}, each scaled to {@code cellWidth} px wide
   * (cells as high as the tallest scaled image, black elsewhere), with their faces mapped along:
   * many faces in one photo, or small faces in a large one.
   */
  public static Photo mosaic(String name, List<Photo> photos, int columns, int cellWidth) {
    List<Mat> scaled = new ArrayList<>();
    int cellHeight = 0;
    for (Photo photo : photos) {
      Mat small = new Mat();
      int height = (int) Math.round(photo.image().rows() * (double) cellWidth / photo.image().cols());
      resize(photo.image(), small, new Size(cellWidth, height), 0, 0, INTER_AREA);
      scaled.add(small);
      cellHeight = Math.max(cellHeight, height);
    }
    int rows = (photos.size() + columns - 1) / columns;
    Mat canvas = new Mat(rows * cellHeight, columns * cellWidth, opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(0));
    List<Box> faces = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      int x = (i % columns) * cellWidth;
      int y = (i / columns) * cellHeight;
      Mat small = scaled.get(i);
      small.copyTo(new Mat(canvas, new Rect(x, y, small.cols(), small.rows())));
      double factor = (double) cellWidth / photos.get(i).image().cols();
      for (Box face : photos.get(i).faces()) {
        faces.add(new Box(x + face.x() * factor, y + face.y() * factor, face.w() * factor, face.h() * factor));
      }
    }
    return new Photo(name, canvas, faces);
  }

  /** LFW images of the sample as {@link Photo}s with their dataset face box. */
  public static List<Photo> lfwPhotos(List<Path> files) {
    List<Photo> photos = new ArrayList<>();
    for (Path file : files) {
      Mat image = decode(file);
      photos.add(new Photo(file.getFileName().toString(), image, List.of(lfwFace(image))));
    }
    return photos;
  }

  /**
   * Writes the sets for a reference run: {@code lfw.csv} (path, face box), {@code demo.csv} (path,
   * face box), {@code tight/NNNN.png}, {@code free/NNNN.png}.
   */
  public static void export(Path dir, List<Path> lfw, List<Mat> tight, List<Mat> free) throws IOException {
    Files.createDirectories(dir.resolve("tight"));
    Files.createDirectories(dir.resolve("free"));
    StringBuilder lfwCsv = new StringBuilder();
    for (Path file : lfw) {
      Box face = lfwFace(decode(file));
      lfwCsv.append(String.format(java.util.Locale.ROOT, "%s,%.1f,%.1f,%.1f,%.1f%n", file, face.x(), face.y(), face.w(), face.h()));
    }
    Files.writeString(dir.resolve("lfw.csv"), lfwCsv);
    StringBuilder demoCsv = new StringBuilder();
    Path demo = TestData.models().demoDir();
    for (Photo photo : demoPhotos()) {
      for (Box face : photo.faces()) {
        demoCsv.append(String.format(java.util.Locale.ROOT, "%s,%.1f,%.1f,%.1f,%.1f%n", demo.resolve(photo.name()),
            face.x(), face.y(), face.w(), face.h()));
      }
    }
    Files.writeString(dir.resolve("demo.csv"), demoCsv);
    for (int i = 0; i < tight.size(); i++) {
      org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(dir.resolve(String.format("tight/%04d.png", i)).toString(), tight.get(i));
    }
    for (int i = 0; i < free.size(); i++) {
      org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(dir.resolve(String.format("free/%04d.png", i)).toString(), free.get(i));
    }
  }

  private static Mat jpegRoundTrip(Mat image) {
    BytePointer jpeg = new BytePointer();
    imencode(".jpg", image, jpeg, new IntPointer(IMWRITE_JPEG_QUALITY, 90));
    byte[] bytes = new byte[(int) jpeg.limit()];
    jpeg.get(bytes);
    jpeg.close();
    return DECODER.decode(bytes);
  }
}
