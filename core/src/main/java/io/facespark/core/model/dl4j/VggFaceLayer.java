package io.facespark.core.model.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * The VGG16 layers a face embedding is read from. {@code pool5} (the last max-pool, 512x7x7 =
 * 25088 values, flattened) is what the seed article used; {@code fc7} (the second 4096-wide dense
 * layer, after its ReLU) is the usual VGG-Face descriptor.
 *
 * <p>They are found by structure, not by vertex name: the DL4J zoo names its vertices by number
 * ("17", "19" in 1.0.0-M2.1) and a converted zip may name them otherwise, but any VGG16 has 13
 * convolutions, 5 max-pools and fc6, fc7 before the classifier.
 */
public enum VggFaceLayer {
  POOL5, FC7;

  private static final int VGG16_CONVOLUTIONS = 13;
  private static final int VGG16_POOLS = 5;

  /** {@code pool5} or {@code fc7}, as written after {@code #} in a model spec. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VggFaceLayer parse(String label) {
    for (VggFaceLayer layer : values()) {
      if (layer.label().equals(label)) {
        return layer;
      }
    }
    throw new IllegalArgumentException("unknown VGGFace layer \"" + label + "\": use #pool5 (25088-d, default)"
        + " or #fc7 (4096-d)");
  }

  /** The vertex name of this layer in a VGG16 graph, or a failure saying why it is not VGG16. */
  String locate(ComputationGraph graph, String origin) {
    List<String> convolutions = new ArrayList<>();
    List<String> pools = new ArrayList<>();
    List<String> dense = new ArrayList<>();
    GraphVertex[] vertices = graph.getVertices();
    for (int index : graph.topologicalSortOrder()) {
      GraphVertex vertex = vertices[index];
      if (!vertex.hasLayer()) {
        continue;
      }
      Layer layer = vertex.getLayer().conf().getLayer();
      if (layer instanceof ConvolutionLayer) {
        convolutions.add(vertex.getVertexName());
      } else if (layer instanceof SubsamplingLayer) {
        pools.add(vertex.getVertexName());
      } else if (layer instanceof DenseLayer) {
        dense.add(vertex.getVertexName());
      }
    }
    if (convolutions.size() != VGG16_CONVOLUTIONS || pools.size() != VGG16_POOLS) {
      throw new IllegalArgumentException(origin + " is not a VGG16 graph (found " + convolutions.size()
          + " convolution and " + pools.size() + " pooling layers, VGG16 has 13 and 5). Fix: for other"
          + " DL4J models use --model dl4j:<zip> with a sidecar naming the embedding layer.");
    }
    if (this == POOL5) {
      return pools.get(pools.size() - 1);
    }
    if (dense.size() < 2) {
      throw new IllegalArgumentException(origin + " has " + dense.size() + " dense layer(s) after pool5, so no"
          + " fc7 (VGG16 has fc6 and fc7). Fix: use #pool5 with this zip.");
    }
    return dense.get(1);
  }
}
