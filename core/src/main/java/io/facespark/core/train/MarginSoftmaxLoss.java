package io.facespark.core.train;

import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Margin softmax losses for training an embedding: a class-weight matrix {@code W} [dim, classes]
 * whose columns and the input rows are L2-normalised, so logits are cosines scaled by {@code s},
 * with a margin {@code m} on the true class. ArcFace adds it to the angle ({@code cos(theta + m)});
 * AM-softmax subtracts it from the cosine ({@code cos(theta) - m}). The layer's activations are its
 * input (the embedding), so a trained network's output is the embedding and {@code W} is only a
 * training device. Labels are one-hot rows.
 *
 * <p>The score DL4J reports is the mean cross-entropy per example ({@link #defineLayer} returns the
 * batch sum; DL4J divides by the batch size).
 */
public final class MarginSoftmaxLoss extends SameDiffOutputLayer {

  /** Where the margin goes. */
  public enum Kind {
    ARCFACE, AM_SOFTMAX;

    public static Kind parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "arcface" -> ARCFACE;
        case "am-softmax", "amsoftmax", "am_softmax" -> AM_SOFTMAX;
        default -> throw new IllegalArgumentException("margin loss must be arcface or am-softmax, got '" + text + "'");
      };
    }
  }

  public static final String WEIGHTS = "W";
  private static final double CLIP = 1e-7;

  private Kind kind;
  private long dim;
  private long classes;
  private double scale;
  private double margin;

  /** For JSON deserialisation of saved networks only. */
  private MarginSoftmaxLoss() {
  }

  public MarginSoftmaxLoss(Kind kind, long dim, long classes, double scale, double margin) {
    if (dim < 1 || classes < 2) {
      throw new IllegalArgumentException("need dim >= 1 and at least 2 classes, got dim " + dim + ", " + classes + " classes");
    }
    if (!(scale > 0) || !(margin >= 0) || margin >= (kind == Kind.ARCFACE ? Math.PI / 2 : 2)) {
      throw new IllegalArgumentException("need s > 0 and 0 <= m < " + (kind == Kind.ARCFACE ? "pi/2" : "2")
          + ", got s " + scale + ", m " + margin);
    }
    this.kind = kind;
    this.dim = dim;
    this.classes = classes;
    this.scale = scale;
    this.margin = margin;
  }

  @Override
  public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
    SDVariable x = input.div(input.norm2(true, 1));
    SDVariable w = params.get(WEIGHTS);
    SDVariable cos = x.mmul(w.div(w.norm2(true, 0)));
    SDVariable target;
    if (kind == Kind.AM_SOFTMAX) {
      target = cos.sub(margin);
    } else {
      // cos(theta + m), kept monotonic where theta + m would pass pi (the usual ArcFace guard:
      // below cos(pi - m) fall back to the linear cos - m sin(m)).
      SDVariable clipped = sd.math().clipByValue(cos, -1 + CLIP, 1 - CLIP);
      SDVariable angular = sd.math().cos(sd.math().acos(clipped).add(margin));
      SDVariable inRange = cos.gt(Math.cos(Math.PI - margin)).castTo(cos.dataType());
      SDVariable linear = cos.sub(margin * Math.sin(margin));
      target = angular.mul(inRange).add(linear.mul(inRange.rsub(1.0)));
    }
    SDVariable logits = cos.add(labels.mul(target.sub(cos))).mul(scale);
    // log-softmax written out (shifted by the row maximum for stability): SameDiff's LogSoftMax op
    // with a dimension fails when M2.1 builds its gradient function.
    SDVariable shifted = logits.sub(logits.max(true, 1));
    SDVariable logProbabilities = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
    return labels.mul(logProbabilities).sum().neg();
  }

  @Override
  public String activationsVertexName() {
    return "input";
  }

  @Override
  public void defineParameters(SDLayerParams params) {
    params.addWeightParam(WEIGHTS, dim, classes);
  }

  @Override
  public void initializeParameters(Map<String, INDArray> params) {
    INDArray w = params.get(WEIGHTS);
    WeightInit.XAVIER.getWeightInitFunction().init(dim, classes, w.shape(), 'c', w);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return inputType;
  }

  public Kind getKind() {
    return kind;
  }

  public long getDim() {
    return dim;
  }

  public long getClasses() {
    return classes;
  }

  public double getScale() {
    return scale;
  }

  public double getMargin() {
    return margin;
  }
}
