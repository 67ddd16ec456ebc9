package io.facespark.core.detect;

import io.facespark.core.model.tfjs.TfjsWeights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the six predictors' raw outputs into boxes and face scores, as face-api.js's
 * outputLayer.ts does: anchors ("priors") are read from the manifest's {@value #ANCHORS}
 * ({@code [1, 5118, 4]}, each {@code [ymin, xmin, ymax, xmax]} relative to the 512x512 input);
 * an encoding {@code (ty, tx, th, tw)} becomes centre {@code anchorCentre + t / 10 * anchorSize}
 * and size {@code anchorSize * exp(t / 5)}; the score is {@code sigmoid(logit of class 1)}.
 *
 * <p>Anchor order is TF's NHWC flattening: predictor by predictor, then row, column, anchor;
 * DL4J's NCHW outputs are read in that order.
 */
public final class SsdBoxDecoder {

  static final String ANCHORS = "Output/extra_dim";

  private final float[] anchors;
  private final int count;

  SsdBoxDecoder(TfjsWeights weights) {
    this.anchors = weights.require(ANCHORS).values();
    this.count = anchors.length / 4;
    int[] shape = weights.require(ANCHORS).shape();
    if (shape.length != 3 || shape[0] != 1 || shape[2] != 4) {
      throw new IllegalArgumentException(weights.source() + ": " + ANCHORS + " should be [1, n, 4]");
    }
  }

  int count() {
    return count;
  }

  /** Decoded candidates of one image: boxes {@code [ymin, xmin, ymax, xmax]} (relative) and scores. */
  public record Candidates(float[] boxes, float[] scores) {
  }

  /** {@code outputs}: box0..box5 then class0..class5, batch of one. */
  Candidates decode(INDArray[] outputs) {
    int predictors = outputs.length / 2;
    float[] encodings = new float[count * 4];
    float[] logits = new float[count];
    int anchor = 0;
    for (int p = 0; p < predictors; p++) {
      long[] shape = outputs[p].shape();
      int perCell = (int) shape[1] / 4;
      int h = (int) shape[2];
      int w = (int) shape[3];
      float[] box = outputs[p].dup('c').data().asFloat();
      float[] cls = outputs[predictors + p].dup('c').data().asFloat();
      int plane = h * w;
      for (int cell = 0; cell < plane; cell++) {
        for (int a = 0; a < perCell; a++) {
          for (int j = 0; j < 4; j++) {
            encodings[anchor * 4 + j] = box[(a * 4 + j) * plane + cell];
          }
          logits[anchor] = cls[(a * 3 + 1) * plane + cell];
          anchor++;
        }
      }
    }
    if (anchor != count) {
      throw new IllegalStateException("the predictors give " + anchor + " anchors, the manifest " + count);
    }
    float[] boxes = new float[count * 4];
    float[] scores = new float[count];
    for (int i = 0; i < count; i++) {
      double sizeY = anchors[i * 4 + 2] - anchors[i * 4];
      double sizeX = anchors[i * 4 + 3] - anchors[i * 4 + 1];
      double centreY = anchors[i * 4] + sizeY / 2;
      double centreX = anchors[i * 4 + 1] + sizeX / 2;
      double halfY = Math.exp(encodings[i * 4 + 2] / 5.0) * sizeY / 2;
      double halfX = Math.exp(encodings[i * 4 + 3] / 5.0) * sizeX / 2;
      double y = encodings[i * 4] / 10.0 * sizeY + centreY;
      double x = encodings[i * 4 + 1] / 10.0 * sizeX + centreX;
      boxes[i * 4] = (float) (y - halfY);
      boxes[i * 4 + 1] = (float) (x - halfX);
      boxes[i * 4 + 2] = (float) (y + halfY);
      boxes[i * 4 + 3] = (float) (x + halfX);
      scores[i] = (float) (1 / (1 + Math.exp(-logits[i])));
    }
    return new Candidates(boxes, scores);
  }
}
