package io.facespark.core.pipeline;

import io.facespark.core.image.DecoderWarnings;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.image.RejectedImageException;
import io.facespark.core.image.RejectedImageException.Stage;
import io.facespark.core.model.InputSpec;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * decode -> detect -> crop/align: encoded bytes to the model-ready chips of every face in them.
 * Stages are pluggable so detection adds a {@link FaceLocator} and alignment a
 * {@link ChipExtractor}, nothing else. Not thread-safe (stages are not).
 */
public final class Preprocessor {

  /**
   * One face ready for the model: one chip per {@link InputSpec} the model takes, and as many again
   * cut on the face's second landmark set ({@link FaceLocation#secondLandmarks()}) when it has one,
   * else none.
   */
  public record Chip(int faceIndex, FaceLocation location, List<INDArray> chips, List<INDArray> secondChips) {

    /** The chip of a single model (the first of a fusion's). */
    public INDArray pixels() {
      return chips.get(0);
    }
  }

  /** One image's chips and the warnings its decoder raised. */
  public record Prepared(List<Chip> chips, DecoderWarnings warnings) {
  }

  private final ImageDecoder decoder;
  private final FaceLocator locator;
  private final ChipExtractor extractor;
  private final List<InputSpec> specs;

  public Preprocessor(ImageDecoder decoder, FaceLocator locator, ChipExtractor extractor, InputSpec spec) {
    this(decoder, locator, extractor, List.of(spec));
  }

  /** One chip per spec for every face (a fusion's members each get their own, from the same landmarks). */
  public Preprocessor(ImageDecoder decoder, FaceLocator locator, ChipExtractor extractor, List<InputSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      throw new IllegalArgumentException("at least one chip spec is required");
    }
    this.decoder = decoder;
    this.locator = locator;
    this.extractor = extractor;
    this.specs = List.copyOf(specs);
  }

  /** The chips of one image, or a {@link RejectedImageException} naming the stage and reason. */
  public Prepared prepare(byte[] encoded) {
    try (ImageDecoder.Decoded decoded = decoder.decodeWithWarnings(encoded)) {
      Mat image = decoded.image();
      List<FaceLocation> faces;
      try {
        faces = locator.locate(image);
      } catch (RuntimeException e) {
        throw new RejectedImageException(Stage.DETECT, "face detection failed: " + e.getMessage());
      }
      if (faces.isEmpty()) {
        throw new RejectedImageException(Stage.DETECT, "no face found; if the images are pre-cropped faces,"
            + " --detect box or --no-face crop embeds them, and a lower --det-threshold finds fainter faces");
      }
      List<Chip> chips = new ArrayList<>(faces.size());
      for (int i = 0; i < faces.size(); i++) {
        FaceLocation face = faces.get(i);
        chips.add(new Chip(i, face, cut(image, face),
            face.secondLandmarks() == null ? List.of() : cut(image, face.onSecondLandmarks())));
      }
      return new Prepared(chips, decoded.warnings());
    }
  }

  private List<INDArray> cut(Mat image, FaceLocation face) {
    List<INDArray> perSpec = new ArrayList<>(specs.size());
    for (InputSpec spec : specs) {
      perSpec.add(extractor.extract(image, face, spec));
    }
    return perSpec;
  }
}
