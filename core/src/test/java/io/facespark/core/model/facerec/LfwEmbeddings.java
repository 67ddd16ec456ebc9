package io.facespark.core.model.facerec;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.pipeline.FaceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.testing.TestData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Embeds LFW images the way the embed job does: OpenCV decode, {@link FaceCrop}, batches. */
final class LfwEmbeddings {

  static final int BATCH = 32;

  private LfwEmbeddings() {
  }

  static Map<LfwPairs.Image, float[]> embed(Collection<LfwPairs.Image> images, FaceCrop crop, FaceEmbedder embedder) {
    ImageDecoder decoder = new ImageDecoder();
    Map<LfwPairs.Image, float[]> out = new HashMap<>();
    List<LfwPairs.Image> pending = new ArrayList<>();
    List<INDArray> chips = new ArrayList<>();
    for (LfwPairs.Image image : images) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(TestData.lfwDir().resolve("lfw-deepfunneled").resolve(image.relativePath()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (Mat decoded = decoder.decode(bytes)) {
        chips.add(crop.extract(decoded, FaceLocation.WHOLE_IMAGE, embedder.inputSpec()));
      }
      pending.add(image);
      if (pending.size() == BATCH) {
        flush(pending, chips, embedder, out);
      }
    }
    if (!pending.isEmpty()) {
      flush(pending, chips, embedder, out);
    }
    return out;
  }

  private static void flush(List<LfwPairs.Image> pending, List<INDArray> chips, FaceEmbedder embedder,
                            Map<LfwPairs.Image, float[]> out) {
    float[][] rows = embedder.embed(Nd4j.concat(0, chips.toArray(new INDArray[0])));
    for (int i = 0; i < rows.length; i++) {
      out.put(pending.get(i), rows[i]);
    }
    pending.clear();
    chips.clear();
  }
}
