package io.facespark.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.image.ImageDecoder;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The detection/landmark golden fixture ({@code core/src/test/golden/generate-detect.js}) and the
 * demo photos it was made from, decoded the way the jobs decode (OpenCV via {@link ImageDecoder}).
 */
final class DetectFixture {

  static final String RESOURCE = "/golden/detect-landmarks.json";

  record Face(double score, double x, double y, double w, double h, float[] landmarks) {
  }

  record Image(String file, int width, int height, List<Face> faces) {
  }

  private DetectFixture() {
  }

  static JsonNode json() {
    URL url = DetectFixture.class.getResource(RESOURCE);
    if (url == null) {
      throw new IllegalStateException("golden fixture missing from test resources: " + RESOURCE);
    }
    try {
      return new ObjectMapper().readTree(Paths.get(url.toURI()).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Image> images() {
    List<Image> images = new ArrayList<>();
    for (JsonNode image : json().get("images")) {
      List<Face> faces = new ArrayList<>();
      for (JsonNode face : image.get("faces")) {
        JsonNode box = face.get("box");
        JsonNode points = face.get("landmarks");
        float[] landmarks = new float[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
          landmarks[2 * i] = (float) points.get(i).get(0).asDouble();
          landmarks[2 * i + 1] = (float) points.get(i).get(1).asDouble();
        }
        faces.add(new Face(face.get("score").asDouble(), box.get("x").asDouble(), box.get("y").asDouble(),
            box.get("width").asDouble(), box.get("height").asDouble(), landmarks));
      }
      images.add(new Image(image.get("file").asText(), image.get("width").asInt(), image.get("height").asInt(), faces));
    }
    return images;
  }

  /** A demo photo from the model cache ("sample1.jpg"), decoded to BGR. Fails if the cache is missing. */
  static Mat demo(String name) {
    Path file = TestData.models().demoDir().resolve(name);
    try {
      return new ImageDecoder().decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read demo photo " + file, e);
    }
  }

  static Path modelDir() {
    return TestData.models().requireVerifiedModelDir();
  }

  static double iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
    double ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
    double iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
    double inter = ix * iy;
    return inter / (aw * ah + bw * bh - inter);
  }
}
