package io.facespark.core.model.tfjs;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A residual connection and the ReLU after it, {@code max(a + b + ..., 0)}, as one vertex (inference
 * only): the sum goes straight into the output buffer and the ReLU runs on it in place. The stock
 * pair (an add vertex, then an activation layer) copies the first input before adding and pays a
 * second vertex's bookkeeping; neither input is modified here either. {@code TfjsGraphTranslator}
 * fuses a {@code Relu} whose {@code Add} nothing else reads; {@code LayoutBenchmark} shows the cost.
 */
public final class AddRelu extends ElementWiseVertex {

  private static final long serialVersionUID = 1L;

  public AddRelu() {
    super(Op.Add);
  }

  @Override
  public AddRelu clone() {
    return new AddRelu();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddRelu;
  }

  @Override
  public int hashCode() {
    return AddRelu.class.hashCode();
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray params, boolean initialize,
                                 DataType dataType) {
    return new Runtime(graph, name, index, dataType);
  }

  private static final class Runtime extends org.deeplearning4j.nn.graph.vertex.impl.ElementWiseVertex {

    Runtime(ComputationGraph graph, String name, int index, DataType dataType) {
      super(graph, name, index, Op.Add, dataType);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
      if (training) {
        throw NhwcConvolutionOp.noTraining(getVertexName());
      }
      INDArray a = inputs[0];
      for (INDArray term : inputs) {
        if (!java.util.Arrays.equals(a.shape(), term.shape())) {
          throw new IllegalStateException(getVertexName() + ": adds activations of different shapes "
              + java.util.Arrays.toString(a.shape()) + " and " + java.util.Arrays.toString(term.shape()));
        }
      }
      INDArray sum = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, a.dataType(), a.shape(), 'c');
      // libnd4j's legacy axpy (z = 1 * x + y, exactly x + y) rather than the "add" custom op: the same
      // sums, 10-35% less time per call on these activations (issue 16), the custom op's setup being
      // a sizeable part of a call on small maps.
      Nd4j.exec(new Axpy(a, inputs[1], sum, 1.0));
      for (int i = 2; i < inputs.length; i++) {
        Nd4j.exec(new Axpy(inputs[i], sum, sum, 1.0));
      }
      return Transforms.relu(sum, false);
    }

    @Override
    public String toString() {
      return "AddRelu(" + getVertexName() + ")";
    }
  }
}
