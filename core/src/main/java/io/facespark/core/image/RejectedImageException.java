package io.facespark.core.image;

/**
 * One input that cannot become a face row, with the pipeline stage that found out and a reason a
 * person can act on. The embed job turns it into a row of the rejects table; it never fails a job.
 */
public final class RejectedImageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Pipeline stages, as written to the rejects table's {@code stage} column. */
  public enum Stage {
    READ, DECODE, DETECT, EMBED;

    public String columnValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Stage stage;

  public RejectedImageException(Stage stage, String reason) {
    super(reason, null, false, false);
    this.stage = stage;
  }

  public Stage stage() {
    return stage;
  }

  public String reason() {
    return getMessage();
  }
}
