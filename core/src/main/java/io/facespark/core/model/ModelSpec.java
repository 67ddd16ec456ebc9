package io.facespark.core.model;

import io.facespark.core.model.dl4j.Dl4jSidecar;
import io.facespark.core.model.dl4j.VggFaceLayer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which model a job embeds with, as written in {@code --model}:
 * <ul>
 *   <li>{@code facerec} (the default): the bundled 128-d face recognition net from the model cache;</li>
 *   <li>{@code mobilefacenet}: the 192-d ArcFace-trained MobileFaceNet from the model cache
 *       (MS1M-derived weights: non-commercial research use only);</li>
 *   <li>{@code vggface:<zip>[#pool5|#fc7]}: DL4J's zoo VGG16 with VGGFACE weights
 *       ({@code vgg16_dl4j_vggface_inference.v1.zip}), features from pool5 (default) or fc7;</li>
 *   <li>{@code dl4j:<zip>}: any DL4J ComputationGraph or MultiLayerNetwork zip, described by the
 *       sidecar {@code <zip>.facespark.json} next to it.</li>
 *   <li>any of these followed by {@code +head:<dir>}: the model, then an embedding head trained on
 *       its embeddings by {@code facespark train} (the directory it wrote).</li>
 *   <li>two or more of these, comma-separated ({@code facerec,mobilefacenet}): a fusion, one
 *       embedding made of the members' ({@link FusedEmbedder}).</li>
 * </ul>
 * A path is a local file on the machine that parses the spec (the Spark driver: it reads the bytes
 * and broadcasts them), absolute, relative to the working directory, {@code ~/...} or a
 * {@code file:} URI. Files are checked here, so a typo fails before any work starts. A path that
 * itself contains {@code #} needs the layer written out: {@code vggface:/a#b.zip#pool5}.
 */
public record ModelSpec(Kind kind, Path file, VggFaceLayer vggFaceLayer, Path head, List<ModelSpec> members) {

  public enum Kind {
    FACEREC, MOBILEFACENET, VGGFACE, DL4J, FUSION;

    /** Models fetched by bin/fetch-models, and fusions, take no file. */
    boolean fromModelCache() {
      return this != VGGFACE && this != DL4J;
    }
  }

  public static final String DEFAULT = "facerec";
  public static final String MOBILEFACENET = "mobilefacenet";
  public static final String VALID_FORMS = "facerec (default) | mobilefacenet | vggface:<path to vgg16_dl4j_vggface_inference.v1.zip>"
      + "[#pool5|#fc7] | dl4j:<path to model.zip> (with its sidecar <model.zip>" + Dl4jSidecar.SUFFIX + "),"
      + " each optionally followed by +head:<head directory from facespark train>; or a fusion of two or more,"
      + " comma-separated (facerec,mobilefacenet)";
  private static final String HEAD = "+head:";

  public ModelSpec {
    if (kind == null) {
      throw new IllegalArgumentException("model kind is required");
    }
    if (kind.fromModelCache() != (file == null)) {
      throw new IllegalArgumentException(kind + " " + (file == null ? "needs" : "takes no") + " model file");
    }
    if ((kind == Kind.VGGFACE) != (vggFaceLayer != null)) {
      throw new IllegalArgumentException("a VGGFace layer goes with vggface only, got " + kind + "/" + vggFaceLayer);
    }
    members = members == null ? List.of() : List.copyOf(members);
    if ((kind == Kind.FUSION) != (members.size() >= 2)) {
      throw new IllegalArgumentException("a fusion needs two or more member models, got " + kind + " " + members);
    }
  }

  /** The four-part form: not a fusion. */
  public ModelSpec(Kind kind, Path file, VggFaceLayer vggFaceLayer, Path head) {
    this(kind, file, vggFaceLayer, head, List.of());
  }

  /** The three-part form: no head. */
  public ModelSpec(Kind kind, Path file, VggFaceLayer vggFaceLayer) {
    this(kind, file, vggFaceLayer, null);
  }

  public static ModelSpec facerec() {
    return new ModelSpec(Kind.FACEREC, null, null);
  }

  /** Parses and checks a {@code --model} value; {@code null} or blank means the default. */
  public static ModelSpec parse(String text) {
    if (text == null || text.isBlank() || text.trim().equals(DEFAULT)) {
      return facerec();
    }
    String spec = text.trim();
    if (spec.contains(",")) {
      return fusion(spec);
    }
    if (spec.equals(MOBILEFACENET)) {
      return new ModelSpec(Kind.MOBILEFACENET, null, null);
    }
    int head = spec.lastIndexOf(HEAD);
    if (head >= 0) {
      ModelSpec base = parse(spec.substring(0, head));
      if (base.head() != null) {
        throw new IllegalArgumentException("model \"" + spec + "\" has two heads; a head goes on a base model only");
      }
      Path dir = localFile(spec.substring(head + HEAD.length()), spec);
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("head directory " + dir + " does not exist (from --model " + spec
            + "). Fix: give the --output directory of 'facespark train'.");
      }
      return new ModelSpec(base.kind(), base.file(), base.vggFaceLayer(), dir);
    }
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : spec.substring(colon + 1);
    switch (kind) {
      case "vggface": {
        int hash = rest.lastIndexOf('#');
        VggFaceLayer layer = hash < 0 ? VggFaceLayer.POOL5 : VggFaceLayer.parse(rest.substring(hash + 1));
        Path file = localFile(hash < 0 ? rest : rest.substring(0, hash), spec);
        requireReadable(file, "VGGFace model zip", spec,
            "point it at the vgg16_dl4j_vggface_inference.v1.zip you downloaded");
        return new ModelSpec(Kind.VGGFACE, file, layer);
      }
      case "dl4j": {
        Path file = localFile(rest, spec);
        requireReadable(file, "DL4J model zip", spec, "point it at a zip saved by DL4J's ModelSerializer");
        requireReadable(Dl4jSidecar.pathFor(file), "model sidecar", spec,
            "create it next to the zip, e.g. " + Dl4jSidecar.example());
        return new ModelSpec(Kind.DL4J, file, null);
      }
      default:
        throw new IllegalArgumentException("unknown model \"" + spec + "\". Valid forms: " + VALID_FORMS);
    }
  }

  private static ModelSpec fusion(String spec) {
    List<ModelSpec> members = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("model \"" + spec + "\" has an empty member. Valid forms: " + VALID_FORMS);
      }
      ModelSpec member = parse(part);
      if (members.contains(member)) {
        throw new IllegalArgumentException("model \"" + spec + "\" names " + member + " twice; fuse different models");
      }
      members.add(member);
    }
    return new ModelSpec(Kind.FUSION, null, null, null, members);
  }

  /** The canonical text of this spec, which {@link #parse} reads back. */
  @Override
  public String toString() {
    if (kind == Kind.FUSION) {
      return String.join(",", members.stream().map(ModelSpec::toString).toList());
    }
    String base = switch (kind) {
      case FACEREC -> DEFAULT;
      case MOBILEFACENET -> MOBILEFACENET;
      case VGGFACE -> "vggface:" + file + "#" + vggFaceLayer.label();
      case DL4J -> "dl4j:" + file;
      case FUSION -> throw new IllegalStateException("handled above");
    };
    return head == null ? base : base + HEAD + head;
  }

  private static Path localFile(String text, String spec) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("model \"" + spec + "\" has no path. Valid forms: " + VALID_FORMS);
    }
    Path path;
    if (text.regionMatches(true, 0, "file:", 0, 5)) {
      path = Paths.get(URI.create(text));
    } else if (text.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("model file \"" + text + "\" (in " + spec + ") is not a local path."
          + " Fix: copy it to the driver's local disk (e.g. hdfs dfs -get); the job reads it there once and"
          + " ships the bytes to the executors.");
    } else if (text.equals("~") || text.startsWith("~/")) {
      path = Paths.get(System.getProperty("user.home") + text.substring(1));
    } else {
      path = Paths.get(text);
    }
    return path.toAbsolutePath().normalize();
  }

  private static void requireReadable(Path file, String what, String spec, String fix) {
    String problem = !Files.exists(file) ? "does not exist"
        : Files.isDirectory(file) ? "is a directory, not a file"
        : !Files.isReadable(file) ? "is not readable by this user"
        : null;
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + file + " " + problem + " (from --model " + spec + ")."
          + " Fix: " + fix + ".");
    }
  }
}
