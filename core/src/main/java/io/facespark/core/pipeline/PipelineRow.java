package io.facespark.core.pipeline;

import io.facespark.core.image.DecoderWarnings;

/** What the pipeline makes of an input: face rows, or exactly one reject row. */
public sealed interface PipelineRow permits PipelineRow.Face, PipelineRow.Reject {

  String path();

  /**
   * One embedded face; {@code embedding} is L2-normalised; {@code warnings}: what the decoder
   * reported about the image it came from.
   */
  record Face(String path, String label, int faceIndex, FaceLocation location, float[] embedding,
              DecoderWarnings warnings) implements PipelineRow {
  }

  /** An input that produced no face, with the stage that found out and why. */
  record Reject(String path, String stage, String reason) implements PipelineRow {
  }
}
