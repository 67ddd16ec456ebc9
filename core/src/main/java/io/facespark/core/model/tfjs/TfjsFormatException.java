package io.facespark.core.model.tfjs;

/** A TF.js weights manifest or shard that cannot be read as declared; the message names file and tensor. */
public class TfjsFormatException extends IllegalArgumentException {

  public TfjsFormatException(String message) {
    super(message);
  }

  public TfjsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
