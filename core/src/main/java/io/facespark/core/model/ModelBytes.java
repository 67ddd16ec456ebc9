package io.facespark.core.model;

import java.io.Serializable;

/**
 * A model's files, read once into memory where the job starts (the driver), that can rebuild the
 * same {@link FaceEmbedder} anywhere, e.g. once per executor JVM from a Spark broadcast. Executors
 * then need no access to the driver's file system and see exactly the bytes the driver checked.
 *
 * <p>Implementations are plain final classes with final fields (no records), so both Java and
 * Kryo serialisation can rebuild them.
 */
public interface ModelBytes extends Serializable {

  /** Builds a fresh embedder from the bytes; the caller closes it. */
  FaceEmbedder open();

  /** Total bytes held, to log broadcast size. */
  long sizeBytes();

  /** e.g. {@code vggface:/models/vgg16.zip#pool5}, for logs and messages. */
  String describe();
}
