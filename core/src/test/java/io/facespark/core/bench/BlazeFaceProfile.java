package io.facespark.core.bench;

import static io.facespark.core.bench.ProfileParts.add;
import static io.facespark.core.bench.ProfileParts.ms;

import io.facespark.core.align.Aligner;
import io.facespark.core.bench.DetectBenchmark.Rate;
import io.facespark.core.bench.DetectBenchmark.Task;
import io.facespark.core.bench.DetectBenchmark.Work;
import io.facespark.core.detect.BlazeFaceDetector;
import io.facespark.core.detect.BlazeFaceNet;
import io.facespark.core.detect.FaceLandmarks68;
import io.facespark.core.detect.MultiPassFaceLocator;
import io.facespark.core.detect.SsdFaceDetector;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.report.TextTable;
import io.facespark.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the default detect stage's time goes per photo (BlazeFace with its second passes, then the
 * 68-point net and the alignment of each face): the passes as the job runs them, BlazeFace's
 * predict (square sampling to 256 in Java, forward, decode), its forward alone at batch 1,
 * weighted NMS and the box mapping, the 68-point net and the alignment per face. Also counts the
 * faces each pass found, so a second pass that runs on photos the full pass already covered shows.
 */
final class BlazeFaceProfile {

  private BlazeFaceProfile() {
  }

  static String measure(FaceLandmarks68 landmarks, Aligner aligner, FaceEmbedder embedder, List<Mat> photos,
                        String label, double seconds) {
    try (BlazeFaceNet net = BlazeFaceNet.load(TestData.models().requireVerified(ModelPackage.HUMAN_MODELS))) {
      BlazeFaceDetector single = new BlazeFaceDetector(net, BlazeFaceDetector.DEFAULT_MIN_SCORE,
          SsdFaceDetector.DEFAULT_MIN_FACE_SIZE);
      // As DetectorSource builds the default stage.
      MultiPassFaceLocator passes = new MultiPassFaceLocator(single, 0.75, 0.5, 2000, 1024);
      List<List<FaceLocation>> faces = new ArrayList<>();
      Map<String, Integer> byPass = new TreeMap<>();
      for (Mat photo : photos) {
        List<FaceLocation> marked = new ArrayList<>();
        for (FaceLocation face : passes.locate(photo)) {
          marked.add(face.withLandmarks(landmarks.locate(photo, face)));
          byPass.merge(face.pass(), 1, Integer::sum);
        }
        faces.add(marked);
      }
      int faceCount = faces.stream().mapToInt(List::size).sum();
      INDArray one = Nd4j.rand(1, 3, BlazeFaceNet.INPUT_SIZE, BlazeFaceNet.INPUT_SIZE).muli(2).subi(1);
      Task multi = () -> {
        photos.forEach(passes::locate);
        return new Work(photos.size(), 0);
      };
      Task locate = () -> {
        photos.forEach(single::locate);
        return new Work(photos.size(), 0);
      };
      Task predict = () -> {
        photos.forEach(photo -> net.predict(photo, BlazeFaceDetector.DEFAULT_MIN_SCORE));
        return new Work(photos.size(), 0);
      };
      Task forward = () -> {
        for (int i = 0; i < photos.size(); i++) {
          for (INDArray out : net.network().output(false, one)) {
            out.close();
          }
        }
        return new Work(photos.size(), 0);
      };
      Task marks = ProfileParts.landmarks(photos, faces, landmarks);
      Task align = ProfileParts.align(photos, faces, aligner, embedder);
      Rate[] r = DetectBenchmark.interleaved(new Task[] {multi, locate, predict, forward, marks, align}, seconds);
      TextTable table = new TextTable("part (" + label + ", per photo)", "ms/photo", "share of passes+landmarks+align");
      double total = ms(r[0]) + ms(r[4]) + ms(r[5]);
      add(table, "second passes (tiled, padded) beyond the full pass", ms(r[0]) - ms(r[1]), total);
      add(table, "BlazeFace forward, batch 1", ms(r[3]), total);
      add(table, "square sampling to 256 (Java) + decode", ms(r[2]) - ms(r[3]), total);
      add(table, "weighted NMS + box mapping", ms(r[1]) - ms(r[2]), total);
      double facesPerPhoto = (double) faceCount / photos.size();
      add(table, String.format(Locale.ROOT, "68-point net, %.2f faces", facesPerPhoto), ms(r[4]), total);
      add(table, String.format(Locale.ROOT, "align, %.2f faces", facesPerPhoto), ms(r[5]), total);
      return "BlazeFace profile (faces by pass: " + byPass + ")\n" + table;
    }
  }

}
