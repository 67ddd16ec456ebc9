package io.facespark.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Several models as one ({@code --model facerec,mobilefacenet}): each member embeds its own chip
 * of the face ({@link #chipSpecs()}), the unit-length member embeddings are concatenated and scaled
 * by {@code 1/sqrt(k)}. The result has unit length and the cosine of two fused embeddings is the
 * mean of the members' cosines, so {@code cosine_sim}, evaluate and watchlist work on it unchanged.
 * The version names every member's version. Thread-safety: as the members'.
 */
public final class FusedEmbedder implements FaceEmbedder {

  private final List<FaceEmbedder> members;
  private final float scale;

  public FusedEmbedder(List<FaceEmbedder> members) {
    if (members == null || members.size() < 2) {
      throw new IllegalArgumentException("a fusion needs at least two models");
    }
    this.members = List.copyOf(members);
    this.scale = (float) (1 / Math.sqrt(members.size()));
  }

  /** The first member's chip; a fusion of different chips takes them through {@link #embedChips}. */
  @Override
  public InputSpec inputSpec() {
    return members.get(0).inputSpec();
  }

  @Override
  public List<InputSpec> chipSpecs() {
    return members.stream().map(FaceEmbedder::inputSpec).toList();
  }

  @Override
  public int dimension() {
    return members.stream().mapToInt(FaceEmbedder::dimension).sum();
  }

  @Override
  public String modelName() {
    return members.stream().map(FaceEmbedder::modelName).collect(Collectors.joining(","));
  }

  @Override
  public String modelVersion() {
    return "fusion(" + members.stream().map(FaceEmbedder::modelVersion).collect(Collectors.joining(",")) + ")";
  }

  /** Only when every member takes the same chip; otherwise a one-line error naming the chips. */
  @Override
  public float[][] embed(INDArray batch) {
    if (chipSpecs().stream().distinct().count() != 1) {
      throw new IllegalArgumentException("the fusion " + modelName() + " needs one chip per member (" + describeChips()
          + ") but was given a single batch; cut one chip per member from the same face (the embed job does)");
    }
    List<INDArray> same = new ArrayList<>();
    members.forEach(m -> same.add(batch));
    return embedChips(same);
  }

  @Override
  public float[][] embedChips(List<INDArray> batches) {
    if (batches.size() != members.size()) {
      throw new IllegalArgumentException("the fusion " + modelName() + " needs " + members.size()
          + " chips per face (" + describeChips() + "), got " + batches.size());
    }
    float[][] fused = null;
    int offset = 0;
    for (int m = 0; m < members.size(); m++) {
      float[][] rows = members.get(m).embed(batches.get(m));
      if (fused == null) {
        fused = new float[rows.length][dimension()];
      }
      for (int r = 0; r < rows.length; r++) {
        for (int i = 0; i < rows[r].length; i++) {
          fused[r][offset + i] = rows[r][i] * scale;
        }
      }
      offset += members.get(m).dimension();
    }
    return fused;
  }

  private String describeChips() {
    return members.stream().map(m -> m.modelName() + ": " + m.inputSpec().height() + "x" + m.inputSpec().width()
        + " " + m.inputSpec().chip()).collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    members.forEach(FaceEmbedder::close);
  }
}
