package io.facespark.core.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One node of a TF.js graph model's {@code modelTopology.node} list: its name, op (e.g.
 * {@code _FusedConv2D}, {@code FusedDepthwiseConv2dNative}, {@code Add}), input node names (an
 * output index {@code :1} and control inputs {@code ^x} are kept as written) and attributes in
 * TensorFlow's JSON form ({@code {"list": {"i": [...]}}}, {@code {"s": base64}}, ...), read
 * through the typed accessors below.
 */
public record TfjsNode(String name, String op, List<String> inputs, Map<String, JsonNode> attrs) {

  public TfjsNode {
    inputs = List.copyOf(inputs);
    attrs = Map.copyOf(attrs);
  }

  /** The same node with other inputs (for graph rewrites). */
  public TfjsNode withInputs(List<String> newInputs) {
    return new TfjsNode(name, op, newInputs, attrs);
  }

  /** The same node with one attribute replaced. */
  public TfjsNode withAttr(String key, JsonNode value) {
    Map<String, JsonNode> copy = new java.util.LinkedHashMap<>(attrs);
    copy.put(key, value);
    return new TfjsNode(name, op, inputs, copy);
  }

  public String input(int index) {
    if (index >= inputs.size()) {
      throw new TfjsFormatException("node '" + name + "' (" + op + ") has " + inputs.size()
          + " inputs, needed input " + index);
    }
    return inputs.get(index);
  }

  public boolean has(String attr) {
    return attrs.containsKey(attr);
  }

  /** An int list attribute ({@code strides}, {@code dilations}, {@code squeeze_dims}), or {@code fallback}. */
  public int[] ints(String attr, int... fallback) {
    JsonNode list = attrs.containsKey(attr) ? attrs.get(attr).path("list").path("i") : null;
    if (list == null || !list.isArray()) {
      return fallback;
    }
    int[] values = new int[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Integer.parseInt(list.get(i).asText());
    }
    return values;
  }

  /** A string attribute ({@code padding}, {@code data_format}), base64-decoded, or {@code fallback}. */
  public String string(String attr, String fallback) {
    JsonNode s = attrs.containsKey(attr) ? attrs.get(attr).path("s") : null;
    return s == null || !s.isTextual() ? fallback : decode(s.asText());
  }

  /** A string list attribute ({@code fused_ops}), base64-decoded; empty when absent. */
  public List<String> strings(String attr) {
    List<String> values = new ArrayList<>();
    JsonNode list = attrs.containsKey(attr) ? attrs.get(attr).path("list").path("s") : null;
    if (list != null && list.isArray()) {
      list.forEach(item -> values.add(decode(item.asText())));
    }
    return values;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return op + " '" + name + "'";
  }
}
