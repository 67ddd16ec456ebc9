package io.facespark.core.train;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Triplet loss with batch-hard mining (Hermans et al., 2017) on L2-normalised embeddings: for every
 * anchor in the minibatch, the farthest same-label example and the nearest other-label example,
 * {@code max(0, margin + d(a, p) - d(a, n))} with squared Euclidean distances (in [0, 4] for unit
 * vectors). An anchor whose label has no other example in the batch has no positive and adds
 * nothing: batches should hold several images per label. Labels are one-hot rows (any width); the
 * layer has no parameters and its activations are its input (the embedding).
 */
public final class BatchHardTripletLoss extends SameDiffOutputLayer {

  /** Larger than any squared distance between unit vectors: pushes same-label pairs out of the negatives. */
  private static final double EXCLUDE = 8.0;

  private double margin;

  /** For JSON deserialisation of saved networks only. */
  private BatchHardTripletLoss() {
  }

  public BatchHardTripletLoss(double margin) {
    if (!(margin > 0) || margin >= 4) {
      throw new IllegalArgumentException("triplet margin must be in (0, 4) for unit vectors, got " + margin);
    }
    this.margin = margin;
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
    SDVariable x = input.div(input.norm2(true, 1));
    SDVariable distance = sd.mmul(x, x, false, true, false).mul(-2.0).add(2.0);
    SDVariable same = sd.mmul(labels, labels, false, true, false);
    // The anchor itself is in "same" at distance 0: it never wins the max unless it is alone.
    SDVariable hardestPositive = distance.mul(same).max(true, 1);
    SDVariable hardestNegative = distance.add(same.mul(EXCLUDE)).min(true, 1);
    SDVariable hasPositive = same.sum(true, 1).gt(1.5).castTo(x.dataType());
    SDVariable hinge = sd.nn().relu(hardestPositive.sub(hardestNegative).add(margin), 0);
    return hinge.mul(hasPositive).sum();
  }

  @Override
  public String activationsVertexName() {
    return "input";
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    // None: the loss only shapes the embedding that comes in.
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    // No parameters.
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  public double getMargin() {
    return margin;
  }
}
