package io.facespark.core.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * An embedding head: a small DL4J network trained on top of a frozen base model's embeddings, and a
 * model in its own right. A linear head as wide as the base starts as the identity map. Its output (the input of the training loss layer) is L2-normalised.
 * {@link #version()} is the base model's version plus a hash of the head's configuration and
 * weights, so adapted and stock embeddings never share a {@code model_version}.
 *
 * <p>On disk a head is a directory: {@value #NETWORK} (DL4J's ModelSerializer, no updater state)
 * and {@value #INFO} (what it was trained on and how).
 */
public final class EmbeddingHead {

  public static final String NETWORK = "head.zip";
  public static final String INFO = "head.json";

  /** What a head was trained on and how; written beside the weights. */
  public record Info(String baseModelVersion, int baseDim, HeadConfig config, int classes, long trainingRows,
                     long skippedSingletonLabels, String version) {
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final MultiLayerNetwork network;
  private final Info info;

  private EmbeddingHead(MultiLayerNetwork network, Info info) {
    this.network = network;
    this.info = info;
  }

  /**
   * The untrained network for {@code set}. A linear head as wide as the base starts as the identity
   * and the margin losses' class weights start at the class means (weight imprinting), so training
   * begins from the stock embedding with sensible class centres instead of random ones.
   */
  public static MultiLayerNetwork newNetwork(HeadConfig config, TrainingSet set) {
    MultiLayerNetwork network = newNetwork(config, set.dim(), set.classes());
    if (config.hidden() == 0 && config.dim() == set.dim() && !config.triplet()) {
      network.getLayer(network.getnLayers() - 1).getParam(MarginSoftmaxLoss.WEIGHTS).assign(set.classMeans());
    }
    return network;
  }

  /** The untrained network for a base of {@code baseDim} and {@code classes} training labels. */
  public static MultiLayerNetwork newNetwork(HeadConfig config, int baseDim, int classes) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().seed(config.seed())
        .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(config.learningRate())).list();
    int in = baseDim;
    if (config.hidden() > 0) {
      layers.layer(new DenseLayer.Builder().nIn(in).nOut(config.hidden()).activation(Activation.RELU).build());
      in = config.hidden();
    }
    layers.layer(new DenseLayer.Builder().nIn(in).nOut(config.dim()).activation(Activation.IDENTITY).build());
    layers.layer(config.lossLayer(config.dim(), Math.max(2, classes)));
    MultiLayerConfiguration conf = layers.setInputType(InputType.feedForward(baseDim)).build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    if (config.hidden() == 0 && config.dim() == baseDim) {
      // A linear head of the base width starts as the identity: training begins from the stock
      // embedding and moves only as far as the loss asks (a random start would have to relearn it).
      network.getLayer(0).setParam("W", Nd4j.eye(baseDim).castTo(DataType.FLOAT));
      network.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, baseDim));
    }
    return network;
  }

  /** Wraps a trained network, computing its version from the configuration and weights. */
  public static EmbeddingHead trained(MultiLayerNetwork network, String baseModelVersion, int baseDim, HeadConfig config,
                                      int classes, long trainingRows, long skippedSingletonLabels) {
    String version = baseModelVersion + "+head-" + fingerprint(network);
    return new EmbeddingHead(network, new Info(baseModelVersion, baseDim, config, classes, trainingRows,
        skippedSingletonLabels, version));
  }

  public Info info() {
    return info;
  }

  public String version() {
    return info.version();
  }

  public int dimension() {
    return info.config().dim();
  }

  public MultiLayerNetwork network() {
    return network;
  }

  /** Maps base embeddings (rows of the base dimension) to unit-length head embeddings. */
  public float[][] apply(float[][] base) {
    if (base.length == 0) {
      return new float[0][];
    }
    for (int i = 0; i < base.length; i++) {
      if (base[i] == null || base[i].length != info.baseDim()) {
        throw new IllegalArgumentException("row " + i + " has " + (base[i] == null ? "no" : base[i].length)
            + " values; this head takes " + info.baseDim() + "-d embeddings of " + info.baseModelVersion());
      }
    }
    INDArray out;
    synchronized (network) {
      out = network.output(Nd4j.create(base));
    }
    float[][] rows = out.toFloatMatrix();
    for (float[] row : rows) {
      double sum = 0;
      for (float v : row) {
        sum += (double) v * v;
      }
      float inverse = (float) (1 / Math.sqrt(Math.max(sum, 1e-30)));
      for (int k = 0; k < row.length; k++) {
        row[k] *= inverse;
      }
    }
    return rows;
  }

  /** Writes {@value #NETWORK} and {@value #INFO} into {@code dir} (created if needed). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(NETWORK), networkBytes());
    Files.write(dir.resolve(INFO), JSON.writeValueAsBytes(info));
  }

  public byte[] networkBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, bytes, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public byte[] infoBytes() {
    try {
      return JSON.writeValueAsBytes(info);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a head directory; errors name the file and what to do. */
  public static EmbeddingHead load(Path dir) {
    Path network = dir.resolve(NETWORK);
    Path info = dir.resolve(INFO);
    for (Path file : new Path[] {network, info}) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("head directory " + dir + " has no " + file.getFileName()
            + ": give the --output directory of a finished 'facespark train' run");
      }
    }
    try {
      return fromBytes(Files.readAllBytes(network), Files.readAllBytes(info));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Rebuilds a head from its two files' bytes (as broadcast to executors), checking its version. */
  public static EmbeddingHead fromBytes(byte[] networkZip, byte[] infoJson) {
    try {
      Info info = JSON.readValue(infoJson, Info.class);
      MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkZip), false);
      String version = info.baseModelVersion() + "+head-" + fingerprint(network);
      if (!version.equals(info.version())) {
        throw new IllegalArgumentException("head weights do not match " + INFO + " (version " + info.version()
            + ", weights give " + version + "): the head directory was modified; retrain or restore it");
      }
      return new EmbeddingHead(network, info);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a facespark head: " + e.getMessage(), e);
    }
  }

  /** 12 hex characters of SHA-256 over the configuration JSON and the float32 weights. */
  private static String fingerprint(MultiLayerNetwork network) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
      float[] params = network.params().castTo(DataType.FLOAT).toFloatVector();
      ByteBuffer buffer = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(params);
      sha.update(buffer.array());
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
