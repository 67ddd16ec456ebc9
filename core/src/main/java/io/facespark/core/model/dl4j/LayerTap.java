package io.facespark.core.model.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where an embedding is read off a network: the inference-mode activations of one layer (dropout
 * off), whatever comes after that layer is not needed.
 */
interface LayerTap extends AutoCloseable {

  /** Activations of the tapped layer for an already normalised batch, first dimension = batch. */
  INDArray activations(INDArray normalisedBatch);

  /** The network's parameter data type, so inputs are cast to match. */
  org.nd4j.linalg.api.buffer.DataType dataType();

  /** e.g. {@code layer "fc7" of a ComputationGraph}, for messages. */
  String describe();

  @Override
  void close();
}
