package io.facespark.core.model.mobilefacenet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.facespark.core.model.tfjs.TfjsFormatException;
import io.facespark.core.model.tfjs.TfjsGraphModel;
import io.facespark.core.model.tfjs.TfjsNode;
import io.facespark.core.model.tfjs.TfjsTensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoes the two faults the TF.js conversion put into {@code mobilefacenet.json}
 * (human-models 3.0.4), as a rewrite of the graph so that the same port runs both graphs and the
 * golden generator can apply the very same rewrite to the JS graph.
 *
 * <p>Why: the upstream net (sirius-ai/MobileFaceNet_TF) uses PReLU after every expansion and
 * depthwise convolution. The converter wrote each PReLU as {@code Relu(x) + (x - Abs(x)) * c}, i.e.
 * slope {@code 2c}, but (1) every {@code c} (the constants named {@code .../mul}) is
 * {@code -alpha/2} of the checkpoint's {@code prelu_alphas}, so the negative slope has the wrong
 * sign, and (2) in the 16 depthwise layers it fused a {@code Relu} into
 * {@code FusedDepthwiseConv2dNative} although Abs/Sub read the same output, so the PReLU there sees
 * only post-ReLU values and degenerates to a ReLU. As shipped the graph maps every face to almost
 * the same vector (cosine 0.99+ between different people, see the golden test); either repair
 * alone still does. The rewrite: depthwise {@code fused_ops} become BiasAdd only, the PReLU's
 * positive term becomes a separate {@code Relu} of the depthwise output, and every {@code c} is
 * negated (slope {@code -2c = alpha}). Nothing else changes.
 */
public final class MobileFaceNetRepair {

  /** How many layers the shipped graph has of each fault; anything else is not this graph. */
  static final int FUSED_RELU_DEPTHWISE = 16;
  static final int PRELU_SLOPES = 33;

  private static final String REPAIRED_RELU_SUFFIX = "/prelu_relu";

  private MobileFaceNetRepair() {
  }

  public static TfjsGraphModel repair(TfjsGraphModel literal) {
    List<TfjsNode> nodes = new ArrayList<>();
    Map<String, TfjsTensor> negated = new LinkedHashMap<>();
    int depthwise = 0;
    for (TfjsNode node : literal.nodes()) {
      if (node.op().equals("FusedDepthwiseConv2dNative") && node.strings("fused_ops").equals(List.of("BiasAdd", "Relu"))) {
        node = node.withAttr("fused_ops", fusedOps("BiasAdd"));
        depthwise++;
      }
      if (node.op().equals("Add")) {
        node = repairPrelu(literal, node, nodes, negated);
      }
      nodes.add(node);
    }
    if (depthwise != FUSED_RELU_DEPTHWISE || negated.size() != PRELU_SLOPES) {
      throw new TfjsFormatException(literal.source() + ": expected " + FUSED_RELU_DEPTHWISE
          + " depthwise layers with a fused Relu and " + PRELU_SLOPES + " PReLU slopes, found " + depthwise
          + " and " + negated.size() + "; this is not the mobilefacenet graph the repair was written for");
    }
    return literal.rewritten(nodes, literal.weights().withReplaced(negated));
  }

  /** Negates the slope of a PReLU-pattern Add and gives it a real ReLU as positive term. */
  private static TfjsNode repairPrelu(TfjsGraphModel model, TfjsNode add, List<TfjsNode> nodes,
                                     Map<String, TfjsTensor> negated) {
    for (int m = 0; m < 2; m++) {
      TfjsNode mul = model.node(add.input(m));
      String p = model.preluInput(mul);
      if (p == null) {
        continue;
      }
      TfjsTensor c = model.weights().require(model.node(mul.input(1)).name());
      float[] minus = c.values().clone();
      for (int i = 0; i < minus.length; i++) {
        minus[i] = -minus[i];
      }
      negated.put(c.name(), new TfjsTensor(c.name(), c.shape(), c.dtype(), minus));
      TfjsNode positive = model.node(add.input(1 - m));
      if (positive.name().equals(p)) {
        TfjsNode relu = new TfjsNode(p + REPAIRED_RELU_SUFFIX, "Relu", List.of(p), Map.of());
        nodes.add(relu);
        List<String> inputs = new ArrayList<>(add.inputs());
        inputs.set(1 - m, relu.name());
        return add.withInputs(inputs);
      }
      return add;
    }
    return add;
  }

  private static JsonNode fusedOps(String... ops) {
    ObjectNode attr = new ObjectMapper().createObjectNode();
    var list = attr.putObject("list").putArray("s");
    for (String op : ops) {
      list.add(Base64.getEncoder().encodeToString(op.getBytes(StandardCharsets.UTF_8)));
    }
    return attr;
  }
}
