package io.facespark.jobs.watchlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.vector.GemmTopK;
import io.facespark.core.vector.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Merging named top-K lists from different gallery blocks: exact ties go by the names. */
class ProbeTopsTest {

  private static final float[] X = {1, 0};
  private static final float[] Y = {0.6f, 0.8f};

  private static FaceBlock block(int id, boolean byLabel, float[][] vectors, FaceName... names) {
    return FaceBlock.of(id, 2, Arrays.asList(vectors), List.of(names), FaceName.order(byLabel), byLabel);
  }

  private static FaceName face(String id, String label) {
    return new FaceName(id, 0, "/" + id, label);
  }

  /** One probe (X) against {@code gallery}, as a search task leaves it. */
  private static ProbeTops search(FaceBlock gallery, int k, boolean distinct) {
    FaceBlock probe = block(99, false, new float[][] {X}, face("p", null));
    TopK[] tops = {new TopK(k, distinct)};
    new GemmTopK(1).score(probe.vectors(), gallery.vectors(), tops);
    return ProbeTops.of(probe, gallery, tops);
  }

  private static List<String> ids(ProbeTops tops) {
    List<String> ids = new ArrayList<>();
    for (FaceName name : tops.gallery[0]) {
      ids.add(name.id());
    }
    return ids;
  }

  @Test
  void exactTiesAcrossBlocksGoToTheSmallerIdInEitherMergeOrder() {
    FaceBlock first = block(1, false, new float[][] {X, X, Y}, face("d", "A"), face("b", "B"), face("a", "C"));
    FaceBlock second = block(2, false, new float[][] {X, X}, face("c", "D"), face("a2", "E"));

    ProbeTops oneWay = search(first, 3, false).merge(search(second, 3, false), 3, false, false);
    ProbeTops otherWay = search(second, 3, false).merge(search(first, 3, false), 3, false, false);

    assertThat(ids(oneWay)).as("four faces tie at 1.0: the three smallest ids").containsExactly("a2", "b", "c");
    assertThat(ids(otherWay)).isEqualTo(ids(oneWay));
    assertThat(oneWay.scores[0]).containsExactly(1f, 1f, 1f);
  }

  @Test
  void identitiesAppearOnceAtTheirBestFaceAcrossBlocks() {
    FaceBlock first = block(1, true, new float[][] {Y, X}, face("a", "Ann"), face("z", "Bob"));
    FaceBlock second = block(2, true, new float[][] {X, X, Y}, face("m", "Ann"), face("b", "Bob"), face("c", "Cy"));

    ProbeTops merged = search(first, 5, true).merge(search(second, 5, true), 5, true, true);

    assertThat(ids(merged)).as("Ann at m (1.0), Bob at b (1.0, smaller id than z), then Cy")
        .containsExactly("m", "b", "c");
    assertThat(merged.gallery[0][0].label()).isEqualTo("Ann");
  }

  @Test
  void namesOrderAsSparkSortsThem() {
    FaceName nullId = new FaceName(null, 0, "/x", "L");
    FaceName bmp = new FaceName("\uFFFD", 0, "/x", "L");
    FaceName astral = new FaceName("\uD83D\uDE00", 0, "/x", "L");
    FaceName secondFace = new FaceName("\uFFFD", 1, "/x", "L");

    List<FaceName> sorted = new ArrayList<>(List.of(astral, secondFace, bmp, nullId));
    sorted.sort(FaceName.BY_FACE);

    assertThat(sorted).as("NULL first, then UTF-8 byte order (U+FFFD before U+1F600), then face index")
        .containsExactly(nullId, bmp, secondFace, astral);
  }

  @Test
  void stringsCompareAsUtf8BytesWithoutEncoding() {
    String[] pieces = {"a", "b", "\u00e9", "\ud7ff", "\ue000", "\ufffd", "\ud83d\ude00", "\ud800\udc00", ""};
    Random random = new Random(3);
    for (int t = 0; t < 20_000; t++) {
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(4); i > 0; i--) {
        a.append(pieces[random.nextInt(pieces.length)]);
      }
      for (int i = random.nextInt(4); i > 0; i--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      int spark = UTF8String.fromString(a.toString()).compareTo(UTF8String.fromString(b.toString()));
      assertThat(Integer.signum(FaceName.compareStrings(a.toString(), b.toString())))
          .as("'%s' vs '%s'", a, b).isEqualTo(Integer.signum(spark));
    }
  }
}
