package io.facespark.core.model.tfjs;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer parameter seen in another shape (the 1x1 weights as a matrix, the bias as a vector),
 * made once instead of on every call: each reshape is a new ND4J array with its own native shape
 * buffer, a measurable part of a small layer's time (issue 16's profile). The view shares the
 * parameter's data, so values assigned into the parameter show through; a parameter array
 * replaced by another one is noticed by identity and the view remade.
 */
final class ReshapedParam {

  private INDArray source;
  private INDArray view;

  INDArray of(INDArray param, long... shape) {
    if (param != source) {
      view = param.reshape('c', shape);
      source = param;
    }
    return view;
  }
}
