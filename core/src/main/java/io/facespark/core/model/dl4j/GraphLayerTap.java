package io.facespark.core.model.dl4j;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Taps a named vertex of a single-input ComputationGraph. Uses {@code output(layers, ...)}, which
 * runs the graph only as far as that vertex and keeps only its activations: for VGG16 at pool5
 * that skips the 120M-parameter dense head and the per-layer activations {@code feedForward} would
 * hold (tens of MB per image).
 */
final class GraphLayerTap implements LayerTap {

  private final ComputationGraph graph;
  private final String vertex;

  GraphLayerTap(ComputationGraph graph, String vertex, String origin) {
    Map<String, GraphVertex> vertices = graph.getConfiguration().getVertices();
    if (!vertices.containsKey(vertex)) {
      throw new IllegalArgumentException("layer \"" + vertex + "\" is not in the ComputationGraph "
          + origin + ". Fix: set embeddingLayer to one of " + new TreeSet<>(vertices.keySet()));
    }
    if (graph.getConfiguration().getNetworkInputs().size() != 1) {
      throw new IllegalArgumentException("ComputationGraph " + origin + " has inputs "
          + graph.getConfiguration().getNetworkInputs() + "; only single-input (image) graphs can embed faces");
    }
    this.graph = graph;
    this.vertex = vertex;
  }

  @Override
  public INDArray activations(INDArray normalisedBatch) {
    return graph.output(List.of(vertex), false, new INDArray[] {normalisedBatch}, null)[0];
  }

  @Override
  public DataType dataType() {
    return graph.params().dataType();
  }

  @Override
  public String describe() {
    return "layer \"" + vertex + "\" of a ComputationGraph";
  }

  @Override
  public void close() {
    graph.close();
  }
}
