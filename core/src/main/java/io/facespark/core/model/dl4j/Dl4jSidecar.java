package io.facespark.core.model.dl4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facespark.core.model.InputSpec;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a DL4J zip does not say about itself and an embedder needs: input size, channel order,
 * pixel normalisation, and which layer is the embedding. It lives next to the zip as
 * {@code <zip file name>.facespark.json} (e.g. {@code arcface.zip.facespark.json}), so copying the
 * pair keeps them together and the tool that owns it is obvious from the name.
 *
 * <pre>{@code
 * {
 *   "name": "arcface-r18",                                      // optional, default "dl4j"
 *   "input": {"height": 112, "width": 112, "channelOrder": "RGB"},
 *   "normalisation": {"mean": [127.5, 127.5, 127.5], "scale": 0.0078125},
 *   "embeddingLayer": "embedding"                               // graph: vertex name; MLN: index
 * }
 * }</pre>
 *
 * <p>{@code mean} and {@code scale} are in the input's channel order and give
 * {@code (pixel - mean) * scale}; {@code scale} is one number or three. Unknown keys are errors, so
 * a typo ({@code "meam"}) cannot silently drop a setting.
 */
public final class Dl4jSidecar implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String SUFFIX = ".facespark.json";
  public static final String DEFAULT_NAME = "dl4j";

  private static final Set<String> TOP_KEYS = Set.of("name", "input", "normalisation", "embeddingLayer");
  private static final Set<String> INPUT_KEYS = Set.of("height", "width", "channelOrder");
  private static final Set<String> NORMALISATION_KEYS = Set.of("mean", "scale");
  private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final String name;
  private final int height;
  private final int width;
  private final InputSpec.ChannelOrder channelOrder;
  private final PixelNormalisation normalisation;
  private final String layerName;
  private final int layerIndex;

  private Dl4jSidecar(String name, int height, int width, InputSpec.ChannelOrder channelOrder,
                      PixelNormalisation normalisation, String layerName, int layerIndex) {
    this.name = name;
    this.height = height;
    this.width = width;
    this.channelOrder = channelOrder;
    this.normalisation = normalisation;
    this.layerName = layerName;
    this.layerIndex = layerIndex;
  }

  /** Where the sidecar of {@code zip} must be. */
  public static Path pathFor(Path zip) {
    return zip.resolveSibling(zip.getFileName().toString() + SUFFIX);
  }

  /** An example to paste into a message or README. */
  public static String example() {
    return "{\"name\": \"myface\", \"input\": {\"height\": 112, \"width\": 112, \"channelOrder\": \"RGB\"},"
        + " \"normalisation\": {\"mean\": [127.5, 127.5, 127.5], \"scale\": 0.0078125},"
        + " \"embeddingLayer\": \"embedding\"}";
  }

  public static Dl4jSidecar parse(byte[] json, String origin) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(origin, "is not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw invalid(origin, "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(origin, "must be a JSON object");
    }
    requireOnly(root, TOP_KEYS, "", origin);
    String name = DEFAULT_NAME;
    if (root.has("name")) {
      name = root.get("name").asText();
      if (!root.get("name").isTextual() || !name.matches(NAME_PATTERN)) {
        throw invalid(origin, "\"name\" must be 1-64 characters of letters, digits, '.', '_' or '-', got "
            + root.get("name"));
      }
    }
    JsonNode input = requireObject(root, "input", origin);
    requireOnly(input, INPUT_KEYS, "input.", origin);
    int height = positiveInt(input, "height", origin);
    int width = positiveInt(input, "width", origin);
    InputSpec.ChannelOrder order = channelOrder(input, origin);
    JsonNode normalisation = requireObject(root, "normalisation", origin);
    requireOnly(normalisation, NORMALISATION_KEYS, "normalisation.", origin);
    double[] mean = numbers(normalisation, "mean", false, origin);
    double[] scale = numbers(normalisation, "scale", true, origin);
    PixelNormalisation pixels;
    try {
      pixels = new PixelNormalisation(mean, scale);
    } catch (IllegalArgumentException e) {
      throw invalid(origin, e.getMessage());
    }
    JsonNode layer = root.get("embeddingLayer");
    if (layer == null) {
      throw invalid(origin, "has no \"embeddingLayer\" (a vertex name for a ComputationGraph, a 0-based"
          + " layer index for a MultiLayerNetwork)");
    }
    if (layer.isTextual() && !layer.asText().isBlank()) {
      return new Dl4jSidecar(name, height, width, order, pixels, layer.asText(), -1);
    }
    if (layer.isIntegralNumber() && layer.asInt() >= 0) {
      return new Dl4jSidecar(name, height, width, order, pixels, null, layer.asInt());
    }
    throw invalid(origin, "\"embeddingLayer\" must be a vertex name (string) or a layer index (integer >= 0),"
        + " got " + layer);
  }

  public String name() {
    return name;
  }

  public InputSpec inputSpec() {
    return new InputSpec(height, width, channelOrder);
  }

  public PixelNormalisation normalisation() {
    return normalisation;
  }

  /** The layer as written: a vertex name, or the index in decimal. */
  public String embeddingLayer() {
    return layerName != null ? layerName : Integer.toString(layerIndex);
  }

  /** Every setting that changes the embedding, in a fixed form, for the version hash. */
  String canonical() {
    return "layer=" + embeddingLayer() + ";input=" + height + "x" + width + ":" + channelOrder + ";"
        + normalisation.canonical();
  }

  /** A tap on the named layer, checking that the sidecar's layer kind fits the network's class. */
  LayerTap tapFor(Model network, String zipOrigin, String sidecarOrigin) {
    if (network instanceof ComputationGraph graph) {
      if (layerName == null) {
        throw new IllegalArgumentException(zipOrigin + " holds a ComputationGraph, so \"embeddingLayer\" in "
            + sidecarOrigin + " must be a vertex name, not the index " + layerIndex + ". Vertices: "
            + graph.getConfiguration().getVertices().keySet());
      }
      return new GraphLayerTap(graph, layerName, zipOrigin + " (sidecar " + sidecarOrigin + ")");
    }
    MultiLayerNetwork multiLayer = (MultiLayerNetwork) network;
    if (layerName != null) {
      throw new IllegalArgumentException(zipOrigin + " holds a MultiLayerNetwork, so \"embeddingLayer\" in "
          + sidecarOrigin + " must be a layer index 0.." + (multiLayer.getnLayers() - 1) + ", not \""
          + layerName + "\"");
    }
    return new MultiLayerTap(multiLayer, layerIndex, zipOrigin + " (sidecar " + sidecarOrigin + ")");
  }

  private static void requireOnly(JsonNode node, Set<String> allowed, String prefix, String origin) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!allowed.contains(key)) {
        unknown.add(prefix + key);
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(origin, "has unknown key(s) " + unknown + "; allowed here: " + allowed);
    }
  }

  private static JsonNode requireObject(JsonNode parent, String key, String origin) {
    JsonNode node = parent.get(key);
    if (node == null || !node.isObject()) {
      throw invalid(origin, "needs an object \"" + key + "\"");
    }
    return node;
  }

  private static int positiveInt(JsonNode node, String key, String origin) {
    JsonNode value = node.get(key);
    if (value == null || !value.isIntegralNumber() || value.asInt() <= 0 || value.asInt() > 4096) {
      throw invalid(origin, "\"input." + key + "\" must be an integer 1..4096, got " + value);
    }
    return value.asInt();
  }

  private static InputSpec.ChannelOrder channelOrder(JsonNode input, String origin) {
    JsonNode value = input.get("channelOrder");
    if (value != null && value.isTextual()) {
      try {
        return InputSpec.ChannelOrder.valueOf(value.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // falls through to the message below
      }
    }
    throw invalid(origin, "\"input.channelOrder\" must be \"RGB\" or \"BGR\", got " + value);
  }

  private static double[] numbers(JsonNode normalisation, String key, boolean scalarAllowed, String origin) {
    JsonNode value = normalisation.get(key);
    if (value != null && scalarAllowed && value.isNumber()) {
      return new double[] {value.asDouble(), value.asDouble(), value.asDouble()};
    }
    if (value != null && value.isArray() && value.size() == 3 && allNumbers(value)) {
      return new double[] {value.get(0).asDouble(), value.get(1).asDouble(), value.get(2).asDouble()};
    }
    throw invalid(origin, "\"normalisation." + key + "\" must be " + (scalarAllowed ? "a number or " : "")
        + "an array of 3 numbers (one per channel, in input.channelOrder), got " + value);
  }

  private static boolean allNumbers(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException invalid(String origin, String problem) {
    return new IllegalArgumentException("model sidecar " + origin + " " + problem + ". Example: " + example());
  }
}
