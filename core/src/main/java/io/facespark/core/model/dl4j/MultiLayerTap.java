package io.facespark.core.model.dl4j;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Taps layer {@code index} (0-based) of a MultiLayerNetwork via {@code feedForwardToLayer}. */
final class MultiLayerTap implements LayerTap {

  private final MultiLayerNetwork network;
  private final int index;

  MultiLayerTap(MultiLayerNetwork network, int index, String origin) {
    int layers = network.getnLayers();
    if (index < 0 || index >= layers) {
      throw new IllegalArgumentException("layer index " + index + " is out of range for the MultiLayerNetwork "
          + origin + ", which has " + layers + " layers. Fix: set embeddingLayer to 0.." + (layers - 1)
          + " (often " + (layers - 2) + ", the layer before the output layer)");
    }
    this.network = network;
    this.index = index;
  }

  @Override
  public INDArray activations(INDArray normalisedBatch) {
    // The list holds the input first, then each layer's activations up to index.
    List<INDArray> activations = network.feedForwardToLayer(index, normalisedBatch, false);
    return activations.get(activations.size() - 1);
  }

  @Override
  public DataType dataType() {
    return network.params().dataType();
  }

  @Override
  public String describe() {
    return "layer " + index + " (" + network.getLayer(index).conf().getLayer().getClass().getSimpleName()
        + ") of a MultiLayerNetwork";
  }

  @Override
  public void close() {
    network.close();
  }
}
