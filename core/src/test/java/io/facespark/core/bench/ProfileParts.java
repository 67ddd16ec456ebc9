package io.facespark.core.bench;

import io.facespark.core.align.Aligner;
import io.facespark.core.bench.DetectBenchmark.Rate;
import io.facespark.core.bench.DetectBenchmark.Task;
import io.facespark.core.bench.DetectBenchmark.Work;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.report.TextTable;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/** The per-face parts every detect-stage profile times, and its table rows. */
final class ProfileParts {

  private ProfileParts() {
  }

  /** The 68-point net on every face already found ({@code faces.get(p)} are photo p's). */
  static Task landmarks(List<Mat> photos, List<List<FaceLocation>> faces, FaceLandmarks68 landmarks) {
    int count = faces.stream().mapToInt(List::size).sum();
    return () -> {
      for (int p = 0; p < photos.size(); p++) {
        for (FaceLocation face : faces.get(p)) {
          landmarks.locate(photos.get(p), face);
        }
      }
      return new Work(photos.size(), count);
    };
  }

  /** The alignment of every face (with its landmarks) to the embedder's chip. */
  static Task align(List<Mat> photos, List<List<FaceLocation>> faces, Aligner aligner, FaceEmbedder embedder) {
    int count = faces.stream().mapToInt(List::size).sum();
    return () -> {
      for (int p = 0; p < photos.size(); p++) {
        for (FaceLocation face : faces.get(p)) {
          aligner.extract(photos.get(p), face, embedder.inputSpec()).close();
        }
      }
      return new Work(photos.size(), count);
    };
  }

  static double ms(Rate rate) {
    return 1000 / rate.photosPerSecond();
  }

  static void add(TextTable table, String part, double ms, double total) {
    table.add(part, String.format(Locale.ROOT, "%.1f", ms), String.format(Locale.ROOT, "%.0f%%", 100 * ms / total));
  }
}
