package io.facespark.core.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a TensorFlow.js {@code *-weights_manifest.json} and its binary shards into named float
 * tensors. Generic on purpose: the recognition, detector and landmark nets all use it.
 *
 * <p>The format: a JSON array of groups, each {@code {"paths": [shard files], "weights": [{name,
 * shape, dtype, quantization?}]}}. A group's shards are one byte stream cut into files; its
 * tensors lie back to back in manifest order, little-endian. Quantised tensors store
 * {@code uint8}/{@code uint16} codes with {@code value = q * scale + min} (rounded for
 * {@code int32}), or {@code float16} halves. Every tensor's byte count is checked against its
 * shape and the group's total against the shards, so a truncated or padded shard is an error
 * naming the file and the tensor, never silently shifted weights.
 */
public final class TfjsWeightsReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsWeightsReader() {
  }

  /** Reads a manifest file; shard paths resolve against its directory. */
  public static TfjsWeights read(Path manifestFile) {
    byte[] manifest = readFile(manifestFile, "weights manifest");
    Path dir = manifestFile.toAbsolutePath().normalize().getParent();
    return read(manifestFile.toString(), manifest, shard -> {
      Path file = dir.resolve(shard).normalize();
      if (!file.startsWith(dir)) {
        throw new TfjsFormatException(manifestFile + ": shard path '" + shard + "' leaves the manifest's directory");
      }
      return Files.isRegularFile(file) ? readFile(file, "weight shard") : null;
    });
  }

  /** Reads from bytes in memory (e.g. a Spark broadcast): shard name -> bytes. */
  public static TfjsWeights read(String source, byte[] manifestJson, Map<String, byte[]> shards) {
    return read(source, manifestJson, shards::get);
  }

  /**
   * Reads from bytes; {@code shardBytes} returns a shard's content by its manifest path, or
   * {@code null} when it does not exist. {@code source} names the manifest in messages.
   */
  public static TfjsWeights read(String source, byte[] manifestJson, Function<String, byte[]> shardBytes) {
    MessageDigest digest = sha256();
    digest.update(manifestJson);
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    for (JsonNode group : groups(source, manifestJson)) {
      List<String> paths = textList(group.get("paths"), source, "paths");
      byte[] data = concatShards(source, paths, shardBytes, digest);
      ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      JsonNode weights = group.get("weights");
      if (weights == null || !weights.isArray()) {
        throw new TfjsFormatException(source + ": a group without a 'weights' array (shards " + paths + ")");
      }
      for (JsonNode entry : weights) {
        TfjsTensor tensor = decode(source, paths, entry, buffer);
        if (tensors.put(tensor.name(), tensor) != null) {
          throw new TfjsFormatException(source + ": tensor '" + tensor.name() + "' declared twice");
        }
      }
      if (buffer.hasRemaining()) {
        throw new TfjsFormatException(source + ": shards " + paths + " hold " + data.length
            + " bytes but the manifest's tensors use only " + buffer.position()
            + " (wrong or padded shard file?)");
      }
    }
    return new TfjsWeights(source, tensors, HexFormat.of().formatHex(digest.digest()));
  }

  /** The shard file names a manifest refers to, in order (what a caller must ship with it). */
  public static List<String> shardPaths(String source, byte[] manifestJson) {
    List<String> all = new ArrayList<>();
    for (JsonNode group : groups(source, manifestJson)) {
      all.addAll(textList(group.get("paths"), source, "paths"));
    }
    return all;
  }

  private static JsonNode groups(String source, byte[] manifestJson) {
    JsonNode root;
    try {
      root = JSON.readTree(manifestJson);
    } catch (IOException e) {
      throw new TfjsFormatException(source + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new TfjsFormatException(source + ": expected a non-empty JSON array of weight groups");
    }
    return root;
  }

  private static byte[] concatShards(String source, List<String> paths, Function<String, byte[]> shardBytes,
                                     MessageDigest digest) {
    List<byte[]> parts = new ArrayList<>();
    int total = 0;
    for (String path : paths) {
      byte[] part = shardBytes.apply(path);
      if (part == null) {
        throw new TfjsFormatException(source + ": weight shard '" + path + "' is missing");
      }
      digest.update(part);
      parts.add(part);
      total = Math.addExact(total, part.length);
    }
    byte[] data = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, data, at, part.length);
      at += part.length;
    }
    return data;
  }

  private static TfjsTensor decode(String source, List<String> paths, JsonNode entry, ByteBuffer buffer) {
    String name = text(entry, "name", source, "a weight entry");
    String where = source + ": tensor '" + name + "'";
    String dtype = text(entry, "dtype", source, where);
    int[] shape = shape(entry.get("shape"), where);
    long count = TfjsTensor.elementCount(shape);
    JsonNode quantization = entry.get("quantization");
    Encoding encoding = Encoding.of(dtype, quantization, where);
    long bytes = count * encoding.bytesPerValue;
    if (bytes > buffer.remaining()) {
      throw new TfjsFormatException(where + " (shape " + Arrays.toString(shape) + ", " + encoding.label
          + ") needs " + bytes + " bytes at offset " + buffer.position() + " but shards " + paths
          + " end after " + buffer.limit() + " bytes (truncated shard?)");
    }
    float[] values = new float[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] = encoding.next(buffer);
    }
    return new TfjsTensor(name, shape, dtype, values);
  }

  /** How one value is stored, and how to turn it into a float as TF.js does. */
  private static final class Encoding {
    final String label;
    final int bytesPerValue;
    final String storage;
    final double scale;
    final double min;
    final boolean roundToInt;

    private Encoding(String label, int bytesPerValue, String storage, double scale, double min, boolean roundToInt) {
      this.label = label;
      this.bytesPerValue = bytesPerValue;
      this.storage = storage;
      this.scale = scale;
      this.min = min;
      this.roundToInt = roundToInt;
    }

    static Encoding of(String dtype, JsonNode quantization, String where) {
      boolean isInt = dtype.equals("int32");
      if (!isInt && !dtype.equals("float32") && !dtype.equals("bool")) {
        throw new TfjsFormatException(where + ": unsupported dtype '" + dtype + "' (float32, int32, bool)");
      }
      if (quantization == null || quantization.isNull()) {
        int width = dtype.equals("bool") ? 1 : 4;
        return new Encoding(dtype, width, dtype, 1, 0, false);
      }
      String q = text(quantization, "dtype", where, "its quantization");
      switch (q) {
        case "uint8":
        case "uint16": {
          JsonNode scale = quantization.get("scale");
          JsonNode min = quantization.get("min");
          if (scale == null || !scale.isNumber() || min == null || !min.isNumber()) {
            throw new TfjsFormatException(where + ": " + q + " quantization needs numeric 'scale' and 'min'");
          }
          return new Encoding(dtype + " as " + q, q.equals("uint8") ? 1 : 2, q, scale.asDouble(),
              min.asDouble(), isInt);
        }
        case "float16":
          return new Encoding(dtype + " as float16", 2, q, 1, 0, isInt);
        default:
          throw new TfjsFormatException(where + ": unsupported quantization dtype '" + q
              + "' (uint8, uint16, float16)");
      }
    }

    float next(ByteBuffer buffer) {
      switch (storage) {
        case "float32":
          return buffer.getFloat();
        case "int32":
          return buffer.getInt();
        case "bool":
          return buffer.get() != 0 ? 1f : 0f;
        case "float16": {
          float value = HalfFloat.toFloat(buffer.getShort());
          return roundToInt ? Math.round(value) : value;
        }
        default: {
          int code = storage.equals("uint8") ? Byte.toUnsignedInt(buffer.get()) : Short.toUnsignedInt(buffer.getShort());
          // TF.js computes in double and stores into a Float32Array (or rounds for int32).
          double value = code * scale + min;
          return roundToInt ? (float) Math.round(value) : (float) value;
        }
      }
    }
  }

  private static int[] shape(JsonNode node, String where) {
    if (node == null || !node.isArray()) {
      throw new TfjsFormatException(where + ": missing 'shape' array");
    }
    int[] shape = new int[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = node.get(i);
      if (!dim.canConvertToInt() || dim.asInt() < 0) {
        throw new TfjsFormatException(where + ": bad dimension " + dim + " in shape " + node);
      }
      shape[i] = dim.asInt();
    }
    if (TfjsTensor.elementCount(shape) > Integer.MAX_VALUE) {
      throw new TfjsFormatException(where + ": shape " + node + " is too large");
    }
    return shape;
  }

  private static String text(JsonNode node, String field, String source, String where) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw new TfjsFormatException(source + ": " + where + " has no '" + field + "' string");
    }
    return value.asText();
  }

  private static List<String> textList(JsonNode node, String source, String field) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new TfjsFormatException(source + ": a weight group has no '" + field + "' list");
    }
    List<String> list = new ArrayList<>();
    node.forEach(item -> list.add(item.asText()));
    return list;
  }

  private static byte[] readFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TfjsFormatException(what + " not found: " + file, e);
    } catch (IOException e) {
      throw new TfjsFormatException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
