package io.facespark.core.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** FLOPs of a built graph for one input: 2 x the multiply-adds of every convolution and dense layer. */
final class GraphFlops {

  private GraphFlops() {
  }

  /** FLOPs per layer vertex (0 for layers without multiply-adds), for an input of {@code shape} (NCHW). */
  static Map<String, Double> perVertex(ComputationGraph network, long... shape) {
    INDArray zeros = Nd4j.zeros(DataType.FLOAT, shape);
    Map<String, INDArray> activations = network.feedForward(zeros, false);
    Map<String, Double> flops = new LinkedHashMap<>();
    for (GraphVertex vertex : network.getVertices()) {
      if (!vertex.hasLayer()) {
        continue;
      }
      var conf = vertex.getLayer().conf().getLayer();
      double outputs = activations.get(vertex.getVertexName()).length();
      double value = 0;
      if (conf instanceof DepthwiseConvolution2D depthwise) {
        long[] k = Arrays.stream(depthwise.getKernelSize()).asLongStream().toArray();
        value = 2.0 * k[0] * k[1] * outputs;
      } else if (conf instanceof ConvolutionLayer conv) {
        long[] k = Arrays.stream(conv.getKernelSize()).asLongStream().toArray();
        value = 2.0 * k[0] * k[1] * conv.getNIn() * outputs;
      } else if (conf instanceof DenseLayer dense) {
        value = 2.0 * dense.getNIn() * dense.getNOut();
      }
      flops.put(vertex.getVertexName(), value);
    }
    return flops;
  }

  static double total(ComputationGraph network, long... shape) {
    return perVertex(network, shape).values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
