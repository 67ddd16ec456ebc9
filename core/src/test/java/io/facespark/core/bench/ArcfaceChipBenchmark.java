package io.facespark.core.bench;

import io.facespark.core.align.Aligner;
import io.facespark.core.align.ChipTemplate;
import io.facespark.core.align.FivePointRecipe;
import io.facespark.core.detect.DetectorSource;
import io.facespark.core.detect.FixedFaceBox;
import io.facespark.core.detect.LandmarkedFaceLocator;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.model.facerec.Verification;
import io.facespark.core.pipeline.FaceLocation;
import io.facespark.core.platform.OneDnnConvolution;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.core.report.TextTable;
import io.facespark.core.vector.Vectors;
import io.facespark.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How the arcface chip is cut, and which test-time augmentation, measured where settings may be
 * chosen: LFW View 1 with {@code --model mobilefacenet}, landmarks found once per image in the fixed
 * LFW box (as {@code embed --detect box}), restricted to the 4,992 View 1 images.
 *
 * <p>{@code bin/bench core ArcfaceChipBenchmark [--study points|tta|all] [--recipes EYES/NOSE/MOUTH;...]
 * [--tta none,flip,jitter:4,jitter:8] [--every K]}
 *
 * <p>{@code --every K} keeps every K-th pair of each file (a quick look, not a choice). The
 * landmarks are found once and kept in {@code core/target/view1-landmarks.tsv} (keyed by image),
 * so later runs start at the first embedding.
 *
 * <p>{@code points}: five-point derivations from the 68 landmarks ({@link FivePointRecipe}), each
 * changing one choice of the current one, plus the current one fed in BGR order (the channel-order
 * check). {@code tta}: the augmentations on the current derivation, with faces/s of the model calls
 * against no augmentation in the same run. Per row: DevTrain accuracy at its best threshold (the
 * choice), DevTest at DevTrain's threshold and at its own best, and the pairs DevTrain gets right
 * and wrong against the first row (discordant pairs: a difference of a few is noise).
 */
public final class ArcfaceChipBenchmark {

  private static final int BATCH = 32;

  private record Face(byte[] bytes, FaceLocation location) {
  }

  private record Variant(String name, Aligner aligner, InputSpec spec, TestTimeAugmentation tta) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options: --study points|tta|all"
            + " --recipes EYES/NOSE/MOUTH;... --tta none,flip,jitter:4 --every K");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    String study = options.getOrDefault("study", "all");
    OneDnnConvolution.enable();
    int every = Integer.parseInt(options.getOrDefault("every", "1"));
    List<LfwPairs.Pair> train = everyNth(Verification.view1("pairsDevTrain.txt"), every);
    List<LfwPairs.Pair> test = everyNth(Verification.view1("pairsDevTest.txt"), every);
    Set<LfwPairs.Image> images = new LinkedHashSet<>(Verification.images(train));
    images.addAll(Verification.images(test));

    long start = System.nanoTime();
    Map<LfwPairs.Image, Face> faces = landmarked(images);
    System.err.printf(Locale.ROOT, "bench: landmarks of %d images in %.0f s%n", faces.size(), (System.nanoTime() - start) / 1e9);

    try (FaceEmbedder model = FaceEmbedders.source(ModelSpec.parse("mobilefacenet"), TestTimeAugmentation.NONE,
        TestData.models()).open()) {
      InputSpec rgb = model.inputSpec();
      InputSpec bgr = new InputSpec(rgb.height(), rgb.width(), InputSpec.ChannelOrder.BGR, rgb.chip());
      List<Variant> variants = new ArrayList<>();
      Aligner current = Aligner.dlib();
      if (!study.equals("tta")) {
        for (FivePointRecipe recipe : recipes(options.get("recipes"))) {
          variants.add(new Variant(recipe.toString(), new Aligner(ChipTemplate.DLIB_PADDING, recipe), rgb,
              TestTimeAugmentation.NONE));
        }
        variants.add(new Variant("current, fed BGR (channel check)", current, bgr, TestTimeAugmentation.NONE));
      }
      if (!study.equals("points")) {
        for (String tta : options.getOrDefault("tta", "none,flip,jitter:4,jitter:8").split(",")) {
          variants.add(new Variant("current, --tta " + tta, current, rgb, TestTimeAugmentation.parse(tta)));
        }
      }
      printScales(faces, current, rgb);
      run(variants, faces, model, train, test);
    }
  }

  private static List<LfwPairs.Pair> everyNth(List<LfwPairs.Pair> pairs, int every) {
    List<LfwPairs.Pair> kept = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i += every) {
      kept.add(pairs.get(i));
    }
    return kept;
  }

  private static List<FivePointRecipe> recipes(String spec) {
    FivePointRecipe base = FivePointRecipe.DLIB;
    if (spec == null) {
      return List.of(base,
          new FivePointRecipe(FivePointRecipe.Eyes.CORNER_MIDPOINT, base.nose(), base.mouth()),
          new FivePointRecipe(FivePointRecipe.Eyes.LID_MEAN, base.nose(), base.mouth()),
          new FivePointRecipe(base.eyes(), FivePointRecipe.Nose.TIP_AND_BASE_MEAN, base.mouth()),
          new FivePointRecipe(base.eyes(), base.nose(), FivePointRecipe.Mouth.INNER_CORNERS));
    }
    List<FivePointRecipe> out = new ArrayList<>();
    for (String one : spec.split(";")) {
      String[] parts = one.trim().split("/");
      out.add(new FivePointRecipe(FivePointRecipe.Eyes.valueOf(parts[0]), FivePointRecipe.Nose.valueOf(parts[1]),
          FivePointRecipe.Mouth.valueOf(parts[2])));
    }
    return out;
  }

  /** Each image's bytes and its face in the fixed LFW box with 68 landmarks (found once, then read from the cache). */
  private static Map<LfwPairs.Image, Face> landmarked(Set<LfwPairs.Image> images) throws Exception {
    Path cacheFile = Path.of(System.getProperty("facespark.root", "."), "core", "target", "view1-landmarks.tsv");
    Map<String, FaceLocation> cache = readCache(cacheFile);
    ImageDecoder decoder = new ImageDecoder();
    Map<LfwPairs.Image, Face> out = new HashMap<>();
    try (LandmarkedFaceLocator locator = DetectorSource.fixedBox(TestData.models().requireVerifiedModelDir(),
        FixedFaceBox.LFW_DEEPFUNNELED).open()) {
      for (LfwPairs.Image image : images) {
        byte[] bytes = Files.readAllBytes(TestData.lfwDir().resolve("lfw-deepfunneled").resolve(image.relativePath()));
        FaceLocation face = cache.get(image.relativePath());
        if (face == null) {
          try (Mat decoded = decoder.decode(bytes)) {
            face = locator.locate(decoded).get(0);
          }
          cache.put(image.relativePath(), face);
          if (cache.size() % 500 == 0) {
            System.err.println("bench: landmarks of " + cache.size() + " images");
            writeCache(cacheFile, cache);
          }
        }
        out.put(image, new Face(bytes, face));
      }
    }
    writeCache(cacheFile, cache);
    return out;
  }

  private static Map<String, FaceLocation> readCache(Path file) throws IOException {
    Map<String, FaceLocation> cache = new HashMap<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] cells = line.split("\t");
        float[] v = new float[cells.length - 1];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.parseFloat(cells[i + 1]);
        }
        cache.put(cells[0], new FaceLocation(v[0], v[1], v[2], v[3], null, Arrays.copyOfRange(v, 4, v.length)));
      }
    }
    return cache;
  }

  private static void writeCache(Path file, Map<String, FaceLocation> cache) throws IOException {
    StringBuilder text = new StringBuilder();
    cache.forEach((path, face) -> {
      text.append(path).append('\t').append(face.x()).append('\t').append(face.y()).append('\t').append(face.w())
          .append('\t').append(face.h());
      for (float v : face.landmarks()) {
        text.append('\t').append(v);
      }
      text.append('\n');
    });
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** The chip scale decides the warp: below 0.5 the aligner pre-shrinks (INTER_AREA), else one bilinear warpAffine. */
  private static void printScales(Map<LfwPairs.Image, Face> faces, Aligner aligner, InputSpec spec) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Face face : faces.values()) {
      double scale = aligner.transform(face.location(), spec).scale();
      min = Math.min(min, scale);
      max = Math.max(max, scale);
    }
    System.out.printf(Locale.ROOT, "arcface chip scale over the View 1 images: %.3f to %.3f (%s)%n", min, max,
        min >= 0.5 ? "every chip is a single bilinear warpAffine, as insightface's norm_crop" : "some chips pre-shrunk");
  }

  private static void run(List<Variant> variants, Map<LfwPairs.Image, Face> faces, FaceEmbedder model,
                          List<LfwPairs.Pair> train, List<LfwPairs.Pair> test) {
    TextTable table = new TextTable("variant", "DevTrain (best thr)", "threshold", "DevTest at train thr",
        "DevTest (best thr)", "DevTrain +/- vs row 1", "faces/s", "vs row 1");
    // Warm-up (JIT, oneDNN primitives, workspaces) so that the first row's faces/s is not the slowest by default.
    Face any = faces.values().iterator().next();
    try (Mat decoded = new ImageDecoder().decode(any.bytes())) {
      INDArray chip = variants.get(0).aligner().extract(decoded, any.location(), variants.get(0).spec());
      model.embed(Nd4j.concat(0, java.util.Collections.nCopies(BATCH, chip).toArray(new INDArray[0])));
    }
    boolean[] firstCorrect = null;
    double firstRate = Double.NaN;
    ImageDecoder decoder = new ImageDecoder();
    for (Variant variant : variants) {
      FaceEmbedder embedder = variant.tta().apply(model);
      Map<LfwPairs.Image, float[]> embeddings = new HashMap<>();
      long modelNanos = 0;
      List<LfwPairs.Image> pending = new ArrayList<>();
      List<INDArray> chips = new ArrayList<>();
      List<LfwPairs.Image> all = new ArrayList<>(faces.keySet());
      for (int i = 0; i < all.size(); i++) {
        Face face = faces.get(all.get(i));
        try (Mat decoded = decoder.decode(face.bytes())) {
          chips.add(variant.aligner().extract(decoded, face.location(), variant.spec()));
        }
        pending.add(all.get(i));
        if (pending.size() == BATCH || i == all.size() - 1) {
          INDArray batch = Nd4j.concat(0, chips.toArray(new INDArray[0]));
          long t0 = System.nanoTime();
          float[][] rows = embedder.embed(batch);
          modelNanos += System.nanoTime() - t0;
          for (int r = 0; r < rows.length; r++) {
            embeddings.put(pending.get(r), rows[r]);
          }
          pending.clear();
          chips.clear();
        }
        if ((i + 1) % 1000 == 0) {
          System.err.printf(Locale.ROOT, "bench: %s: %d of %d images%n", variant.name(), i + 1, all.size());
        }
      }
      double rate = all.size() / (modelNanos / 1e9);
      Verification.Result trainResult = Verification.bestThreshold(train, embeddings);
      Verification.Result testResult = Verification.bestThreshold(test, embeddings);
      boolean[] correct = correct(train, embeddings, trainResult.threshold());
      double testAtTrain = fraction(correct(test, embeddings, trainResult.threshold()));
      String versus = "-";
      if (firstCorrect == null) {
        firstCorrect = correct;
        firstRate = rate;
      } else {
        int gained = 0;
        int lost = 0;
        for (int i = 0; i < correct.length; i++) {
          gained += correct[i] && !firstCorrect[i] ? 1 : 0;
          lost += !correct[i] && firstCorrect[i] ? 1 : 0;
        }
        versus = "+" + gained + " / -" + lost;
      }
      table.add(variant.name(), pct(trainResult.accuracy()), String.format(Locale.ROOT, "%.3f", trainResult.threshold()),
          pct(testAtTrain), pct(testResult.accuracy()), versus, String.format(Locale.ROOT, "%.1f", rate),
          String.format(Locale.ROOT, "%.2f", rate / firstRate));
      System.err.println("bench: " + variant.name() + ": DevTrain " + trainResult + "; DevTest " + testResult);
    }
    System.out.println();
    System.out.println("ArcfaceChipBenchmark: mobilefacenet on LFW View 1 (" + train.size() + " DevTrain, "
        + test.size() + " DevTest pairs), landmarks in the fixed LFW box; faces/s = model calls only, batch " + BATCH);
    System.out.println(table);
  }

  private static boolean[] correct(List<LfwPairs.Pair> pairs, Map<LfwPairs.Image, float[]> embeddings, double threshold) {
    boolean[] correct = new boolean[pairs.size()];
    for (int i = 0; i < correct.length; i++) {
      LfwPairs.Pair pair = pairs.get(i);
      correct[i] = (Vectors.cosine(embeddings.get(pair.a()), embeddings.get(pair.b())) >= threshold) == pair.same();
    }
    return correct;
  }

  private static double fraction(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return (double) n / values.length;
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private ArcfaceChipBenchmark() {
  }
}
