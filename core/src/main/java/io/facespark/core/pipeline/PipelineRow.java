package io.facespark.core.pipeline;

/** What the pipeline makes of an input: face rows, or exactly one reject row. */
public sealed interface PipelineRow permits PipelineRow.Face, PipelineRow.Reject {

  String path();

  /** One embedded face; {@code embedding} is L2-normalised. */
  record Face(String path, String label, int faceIndex, FaceLocation location, float[] embedding)
      implements PipelineRow {
  }

  /** An input that produced no face, with the stage that found out and why. */
  record Reject(String path, String stage, String reason) implements PipelineRow {
  }
}
