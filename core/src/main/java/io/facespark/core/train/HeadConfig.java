package io.facespark.core.train;

import java.io.Serializable;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;

/**
 * How an embedding head is built and trained: a linear map ({@code hidden = 0}) or a two-layer MLP
 * (ReLU hidden layer) from the base embedding to a {@code dim}-wide embedding, trained with
 * {@code loss} (arcface, am-softmax or triplet). Saved with the head, so a head says how it was made.
 */
public record HeadConfig(String loss, int hidden, int dim, double scale, double margin, int epochs, int batchSize,
                         int imagesPerLabel, double learningRate, long seed) implements Serializable {

  public static final String ARCFACE = "arcface";
  public static final String AM_SOFTMAX = "am-softmax";
  public static final String TRIPLET = "triplet";

  public HeadConfig {
    loss = loss == null ? "" : loss.trim().toLowerCase(Locale.ROOT);
    if (!loss.equals(ARCFACE) && !loss.equals(AM_SOFTMAX) && !loss.equals(TRIPLET)) {
      throw new IllegalArgumentException("--loss must be arcface, am-softmax or triplet, got '" + loss + "'");
    }
    if (hidden < 0 || dim < 2) {
      throw new IllegalArgumentException("--hidden must be >= 0 (0: a linear map) and --dim >= 2, got " + hidden + " and " + dim);
    }
    if (epochs < 1 || batchSize < 2 || imagesPerLabel < 2 || imagesPerLabel > batchSize) {
      throw new IllegalArgumentException("need --epochs >= 1, --batch-size >= 2 and 2 <= --images-per-label <= --batch-size,"
          + " got " + epochs + ", " + batchSize + ", " + imagesPerLabel);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--learning-rate must be > 0, got " + learningRate);
    }
    // The loss layers check scale and margin; building one here fails before any work.
    lossLayer(loss, scale, margin, 2, 2);
  }

  boolean triplet() {
    return loss.equals(TRIPLET);
  }

  /** The training loss on top of the head: {@code dim} inputs, {@code classes} labels. */
  SameDiffOutputLayer lossLayer(int inputDim, int classes) {
    return lossLayer(loss, scale, margin, inputDim, classes);
  }

  private static SameDiffOutputLayer lossLayer(String loss, double scale, double margin, int inputDim, int classes) {
    return loss.equals(TRIPLET) ? new BatchHardTripletLoss(margin)
        : new MarginSoftmaxLoss(MarginSoftmaxLoss.Kind.parse(loss), inputDim, classes, scale, margin);
  }
}
