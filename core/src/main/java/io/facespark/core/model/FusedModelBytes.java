package io.facespark.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The members of a {@link FusedEmbedder}, each with its own bytes and test-time augmentation. */
public final class FusedModelBytes implements ModelBytes {

  private static final long serialVersionUID = 1L;

  // ArrayList (not List.copyOf) so every serialiser, Kryo included, can rebuild it.
  private final ArrayList<EmbedderSource> members;

  public FusedModelBytes(List<EmbedderSource> members) {
    this.members = new ArrayList<>(members);
  }

  @Override
  public FaceEmbedder open() {
    List<FaceEmbedder> opened = new ArrayList<>();
    for (EmbedderSource member : members) {
      opened.add(member.open());
    }
    return new FusedEmbedder(opened);
  }

  @Override
  public long sizeBytes() {
    return members.stream().mapToLong(EmbedderSource::sizeBytes).sum();
  }

  @Override
  public String describe() {
    return "fusion of " + members.stream().map(EmbedderSource::describe).collect(Collectors.joining(" and "));
  }
}
