package io.facespark.core.model.facerec;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.tfjs.TfjsWeights;
import io.facespark.core.model.tfjs.TfjsWeightsReader;
import io.facespark.core.platform.OneDnnConvolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bundled 128-d face recognition ResNet (face-api.js {@code face_recognition_model}, a port of
 * dlib's metric net; 150x150 RGB in, about 0.5 GFLOP per face) running as a DL4J graph.
 *
 * <p>Input per {@link FaceEmbedder}: {@code [n, 3, 150, 150]} RGB, 0..255. The reference
 * normalisation {@code (x - [122.782, 117.001, 104.298]) / 255} happens here.
 *
 * <p>Thread-safety: {@link #embed} and {@link #embedUnnormalised} are synchronized, so one
 * instance may be shared, but calls then run one at a time; for parallelism use one instance per
 * thread (ND4J already uses all cores inside one call).
 */
public final class FaceRecEmbedder implements FaceEmbedder {

  public static final String MODEL_NAME = "facerec";
  public static final String MANIFEST_FILE = "face_recognition_model-weights_manifest.json";

  private static final InputSpec INPUT_SPEC =
      new InputSpec(FaceRecGraph.INPUT_SIZE, FaceRecGraph.INPUT_SIZE, InputSpec.ChannelOrder.RGB);

  private final ComputationGraph network;
  private final String version;

  private FaceRecEmbedder(ComputationGraph network, String weightsSha256) {
    this.network = network;
    this.version = MODEL_NAME + "-" + weightsSha256.substring(0, 12);
  }

  /** Loads {@value #MANIFEST_FILE} and its shards from a model directory (e.g. the model cache). */
  public static FaceRecEmbedder load(Path modelDir) {
    Path manifest = modelDir.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException("face recognition weights manifest not found: " + manifest
          + " (run bin/fetch-models, or point at the face-api model/ directory)");
    }
    return fromWeights(TfjsWeightsReader.read(manifest));
  }

  /**
   * Builds from the raw manifest and shard bytes (shard file name as the manifest lists it ->
   * bytes), e.g. from a Spark broadcast on an executor. Same checks as {@link #load}.
   */
  public static FaceRecEmbedder fromBytes(byte[] manifestJson, Map<String, byte[]> shards) {
    return fromWeights(TfjsWeightsReader.read(MANIFEST_FILE + " (from bytes)", manifestJson, shards));
  }

  /** Builds from already decoded weights; the tensors must be exactly the net's. */
  public static FaceRecEmbedder fromWeights(TfjsWeights weights) {
    OneDnnConvolution.enable();
    return new FaceRecEmbedder(FaceRecGraph.build(weights), weights.sha256());
  }

  @Override
  public InputSpec inputSpec() {
    return INPUT_SPEC;
  }

  @Override
  public int dimension() {
    return FaceRecGraph.EMBEDDING_SIZE;
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
    return Embeddings.l2Normalise(embedUnnormalised(batch));
  }

  /**
   * The network's raw 128-d output (what face-api.js returns as a descriptor), before L2
   * normalisation. The golden test compares these.
   */
  public synchronized float[][] embedUnnormalised(INDArray batch) {
    INDArray input = FaceRecInput.normalise(batch, INPUT_SPEC);
    INDArray output = network.outputSingle(false, input);
    float[][] rows = output.toFloatMatrix();
    input.close();
    return rows;
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
