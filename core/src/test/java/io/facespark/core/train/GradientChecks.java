package io.facespark.core.train;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's finite-difference gradient check of a double-precision network, with the defaults restored. */
final class GradientChecks {

  private GradientChecks() {
  }

  static boolean pass(MultiLayerNetwork net, INDArray input, INDArray labels) {
    DataType before = Nd4j.dataType();
    try {
      // GradientCheckUtil insists on a double default type for the whole context.
      Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
      return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input).labels(labels)
          .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
    } finally {
      Nd4j.setDefaultDataTypes(before, before);
    }
  }
}
