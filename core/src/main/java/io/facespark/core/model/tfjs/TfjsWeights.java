package io.facespark.core.model.tfjs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * All tensors of one TF.js weights manifest, by name, plus where they came from (for messages)
 * and a hash of the raw bytes (so a model version can name the exact weights).
 */
public final class TfjsWeights {

  private final String source;
  private final Map<String, TfjsTensor> tensors;
  private final String sha256;

  TfjsWeights(String source, Map<String, TfjsTensor> tensors, String sha256) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.sha256 = sha256;
  }

  /** The manifest this was read from, for error messages. */
  public String source() {
    return source;
  }

  /** SHA-256 (hex) over the manifest bytes followed by every shard's bytes in manifest order. */
  public String sha256() {
    return sha256;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  public Map<String, TfjsTensor> tensors() {
    return tensors;
  }

  /** The tensor, or an exception naming the manifest and the missing tensor. */
  public TfjsTensor require(String name) {
    TfjsTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new TfjsFormatException(source + ": tensor '" + name + "' not found (the manifest has "
          + tensors.size() + " tensors)");
    }
    return tensor;
  }

  /** The tensor, checked to have exactly this shape. */
  public TfjsTensor require(String name, int... shape) {
    TfjsTensor tensor = require(name);
    if (!java.util.Arrays.equals(tensor.shape(), shape)) {
      throw new TfjsFormatException(source + ": tensor '" + name + "' has shape "
          + java.util.Arrays.toString(tensor.shape()) + ", expected " + java.util.Arrays.toString(shape));
    }
    return tensor;
  }

  /**
   * These weights with some tensors replaced (same names and shapes), e.g. a repaired constant.
   * {@link #sha256()} still names the original bytes; a model version must name the change itself.
   */
  public TfjsWeights withReplaced(Map<String, TfjsTensor> replacements) {
    Map<String, TfjsTensor> copy = new LinkedHashMap<>(tensors);
    replacements.forEach((name, tensor) -> {
      TfjsTensor old = require(name);
      if (!java.util.Arrays.equals(old.shape(), tensor.shape())) {
        throw new IllegalArgumentException("replacement for " + old + " has shape "
            + java.util.Arrays.toString(tensor.shape()));
      }
      copy.put(name, tensor);
    });
    return new TfjsWeights(source, copy, sha256);
  }
}
