package io.facespark.core.model.dl4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small real DL4J networks for the loader tests, built and saved the way users save theirs. The
 * input is deliberately not square (20 high, 24 wide) so a height/width mix-up cannot pass. Public
 * for the jobs' tests of a user's model.
 */
public final class SmallNetworks {

  public static final int HEIGHT = 20;
  public static final int WIDTH = 24;
  static final int EMBEDDING = 16;

  private SmallNetworks() {
  }

  /** conv -> max-pool -> dense "embedding" (16, tanh) -> softmax "out". */
  public static ComputationGraph graph(long seed) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("image")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "image")
        .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
            .kernelSize(2, 2).stride(2, 2).build(), "conv")
        .addLayer("embedding", new DenseLayer.Builder().nOut(EMBEDDING).activation(Activation.TANH).build(), "pool")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
            .activation(Activation.SOFTMAX).build(), "embedding")
        .setOutputs("out")
        .setInputTypes(InputType.convolutional(HEIGHT, WIDTH, 3))
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /** Layers: 0 conv, 1 max-pool, 2 dense (16, tanh), 3 softmax output. */
  static MultiLayerNetwork multiLayer(long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(EMBEDDING).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(HEIGHT, WIDTH, 3))
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  public static Path save(ComputationGraph graph, Path file) {
    try {
      graph.save(file.toFile(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path save(MultiLayerNetwork network, Path file) {
    try {
      network.save(file.toFile(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Writes {@code <zip>.facespark.json} with the given JSON. */
  public static Path sidecar(Path zip, String json) {
    try {
      return Files.writeString(Dl4jSidecar.pathFor(zip), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sidecarJson(String name, int height, int width, String order, String mean, String scale,
                            String layer) {
    return "{\"name\": \"" + name + "\", \"input\": {\"height\": " + height + ", \"width\": " + width
        + ", \"channelOrder\": \"" + order + "\"}, \"normalisation\": {\"mean\": " + mean + ", \"scale\": "
        + scale + "}, \"embeddingLayer\": " + layer + "}";
  }

  /** Uniform random pixels 0..255, NCHW FLOAT. */
  static INDArray pixels(long seed, int n, int height, int width) {
    Random random = new Random(seed);
    float[] values = new float[n * 3 * height * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(256);
    }
    return Nd4j.create(values, new long[] {n, 3, height, width}, 'c');
  }

  /** {@code (x - mean[c]) * scale[c]} computed element by element, independent of the code under test. */
  static INDArray normalised(INDArray pixels, double[] mean, double[] scale) {
    long[] shape = pixels.shape();
    float[] values = pixels.dup('c').data().asFloat();
    int plane = (int) (shape[2] * shape[3]);
    for (int i = 0; i < values.length; i++) {
      int channel = (i / plane) % 3;
      values[i] = (float) ((values[i] - mean[channel]) * scale[channel]);
    }
    return Nd4j.create(values, shape, 'c');
  }

  static float[][] unitRows(INDArray matrix) {
    float[][] rows = matrix.castTo(DataType.FLOAT).toFloatMatrix();
    for (float[] row : rows) {
      double norm = 0;
      for (float v : row) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (row[j] / norm);
      }
    }
    return rows;
  }

  static double norm(float[] row) {
    double sum = 0;
    for (float v : row) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
