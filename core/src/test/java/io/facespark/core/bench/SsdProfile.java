package io.facespark.core.bench;

import static io.facespark.core.bench.ProfileParts.add;
import static io.facespark.core.bench.ProfileParts.ms;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facespark.core.align.Aligner;
import io.facespark.core.bench.DetectBenchmark.Rate;
import io.facespark.core.bench.DetectBenchmark.Task;
import io.facespark.core.bench.DetectBenchmark.Work;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.detect.SsdMobileNetV1;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.report.TextTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the SSD path's time goes on the 1920 px demo photos, per photo: the whole predict (Java
 * pad + TF-legacy resize to 512, forward, box decode), the forward alone at batch 1 and at batch 4
 * (per-call overhead), non-maximum suppression and mapping, the 68-point net and the alignment per
 * face; OpenCV's resize of the same photo to 512 for scale; and each net's GFLOP.
 */
final class SsdProfile {

  private SsdProfile() {
  }

  static String measure(Path models, FaceLandmarks68 landmarks, Aligner aligner, FaceEmbedder embedder,
                        List<Mat> photos, double seconds) {
    try (SsdMobileNetV1 net = SsdMobileNetV1.load(models)) {
      SsdFaceDetector detector = new SsdFaceDetector(net, SsdFaceDetector.DEFAULT_MIN_SCORE,
          SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
      List<List<FaceLocation>> faces = new ArrayList<>();
      for (Mat photo : photos) {
        List<FaceLocation> marked = new ArrayList<>();
        for (FaceLocation face : detector.locate(photo)) {
          marked.add(face.withLandmarks(landmarks.locate(photo, face)));
        }
        faces.add(marked);
      }
      int faceCount = faces.stream().mapToInt(List::size).sum();
      ComputationGraph graph = net.network();
      INDArray one = Nd4j.rand(1, 3, 512, 512).subi(0.5);
      INDArray four = Nd4j.rand(4, 3, 512, 512).subi(0.5);
      Task predict = () -> {
        photos.forEach(net::predict);
        return new Work(photos.size(), 0);
      };
      Task locate = () -> {
        photos.forEach(detector::locate);
        return new Work(photos.size(), 0);
      };
      Task forward1 = () -> {
        for (int i = 0; i < photos.size(); i++) {
          graph.output(false, one)[0].close();
        }
        return new Work(photos.size(), 0);
      };
      Task forward4 = () -> {
        graph.output(false, four)[0].close();
        return new Work(4, 0);
      };
      Task marks = ProfileParts.landmarks(photos, faces, landmarks);
      Task align = ProfileParts.align(photos, faces, aligner, embedder);
      Task opencvResize = () -> {
        for (Mat photo : photos) {
          Mat small = new Mat();
          resize(photo, small, new Size(512, 512), 0, 0, INTER_LINEAR);
          small.close();
        }
        return new Work(photos.size(), 0);
      };
      Rate[] r = DetectBenchmark.interleaved(new Task[] {predict, locate, forward1, forward4, marks, align, opencvResize},
          seconds);
      double facesPerPhoto = (double) faceCount / photos.size();
      TextTable table = new TextTable("part (1920 px demo photos, per photo)", "ms/photo", "share of locate+landmarks+align");
      double total = ms(r[1]) + ms(r[4]) + ms(r[5]);
      add(table, "SSD forward, batch 1", ms(r[2]), total);
      add(table, "SSD forward, batch 4 (per photo)", ms(r[3]), total);
      add(table, "pad + TF-legacy resize to 512 (Java) + box decode", ms(r[0]) - ms(r[2]), total);
      add(table, "NMS + mapping to pixels", ms(r[1]) - ms(r[0]), total);
      add(table, String.format(Locale.ROOT, "68-point net, %.2f faces", facesPerPhoto), ms(r[4]), total);
      add(table, String.format(Locale.ROOT, "align, %.2f faces", facesPerPhoto), ms(r[5]), total);
      add(table, "(for scale) OpenCV INTER_LINEAR resize to 512x512", ms(r[6]), total);
      double ssd = GraphFlops.total(graph, 1, 3, 512, 512) / 1e9;
      double marks68 = GraphFlops.total(landmarks.network(), 1, 3, 112, 112) / 1e9;
      double recognition = embedder instanceof io.facespark.core.model.facerec.FaceRecEmbedder facerec
          ? GraphFlops.total(facerec.network(), 1, 3, 150, 150) / 1e9 : Double.NaN;
      return "SSD profile\n" + table + String.format(Locale.ROOT,
          "GFLOP: SSD %.2f per photo; 68-point net %.3f per face; recognition %.3f per face;"
              + " a %.2f-face photo = %.2f GFLOP of detection + landmarks%n",
          ssd, marks68, recognition, facesPerPhoto, ssd + facesPerPhoto * marks68);
    }
  }

}
