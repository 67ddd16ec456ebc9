package io.facespark.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.model.JitterAveragingEmbedder.Jitter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The jitter warp on small synthetic chips, where every output pixel can be worked out by hand. */
class JitterWarpTest {

  private static final int SIZE = 9;
  private static final long[] SHAPE = {2, 3, SIZE, SIZE};

  private static float[] randomChips() {
    Random random = new Random(3);
    float[] pixels = new float[2 * 3 * SIZE * SIZE];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256);
    }
    return pixels;
  }

  private static float at(float[] pixels, int plane, int y, int x) {
    return pixels[plane * SIZE * SIZE + y * SIZE + x];
  }

  @Test
  void theIdentityJitterChangesNothing() {
    float[] chips = randomChips();

    assertThat(JitterAveragingEmbedder.jittered(chips, SHAPE, new Jitter(0, 1, 0, 0, false))).containsExactly(chips);
  }

  @Test
  void mirrorShiftAndRotationMovePixelsWhereTheyShould() {
    float[] chips = randomChips();

    float[] mirrored = JitterAveragingEmbedder.jittered(chips, SHAPE, new Jitter(0, 1, 0, 0, true));
    float[] shifted = JitterAveragingEmbedder.jittered(chips, SHAPE, new Jitter(0, 1, 1.0 / SIZE, 0, false));
    float[] rotated = JitterAveragingEmbedder.jittered(chips, SHAPE, new Jitter(Math.PI / 2, 1, 0, 0, false));

    for (int plane = 0; plane < 6; plane++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          assertThat(at(mirrored, plane, y, x)).isEqualTo(at(chips, plane, y, SIZE - 1 - x));
          // one pixel right; the left column repeats the edge
          assertThat(at(shifted, plane, y, x)).isCloseTo(at(chips, plane, y, Math.max(0, x - 1)), within(1e-3f));
          // a quarter turn about the centre (x right, y down): (x, y) comes from (y, SIZE - 1 - x)
          assertThat(at(rotated, plane, y, x)).isCloseTo(at(chips, plane, SIZE - 1 - x, y), within(1e-3f));
        }
      }
    }
  }

  @Test
  void jittersAreSmallSeededAndTheSameEveryTime() {
    List<Jitter> a = JitterAveragingEmbedder.draw(50, JitterAveragingEmbedder.SEED);

    assertThat(JitterAveragingEmbedder.draw(50, JitterAveragingEmbedder.SEED)).isEqualTo(a);
    assertThat(a).allSatisfy(j -> {
      assertThat(Math.toDegrees(Math.abs(j.angle()))).isLessThanOrEqualTo(3);
      assertThat(j.scale()).isBetween(0.97, 1.0);
      assertThat(Math.abs(j.dx())).isLessThanOrEqualTo(0.02);
      assertThat(Math.abs(j.dy())).isLessThanOrEqualTo(0.02);
    });
    assertThat(a.stream().filter(Jitter::mirror).count()).as("about half mirrored").isBetween(15L, 35L);
  }

  @Test
  void parsesJitterAndRefusesNonsense() {
    assertThat(TestTimeAugmentation.parse("Jitter:10")).isEqualTo(TestTimeAugmentation.jitter(10));
    assertThat(TestTimeAugmentation.parse("jitter:10").copies()).isEqualTo(10);
    assertThat(TestTimeAugmentation.parse("jitter:10")).hasToString("JITTER:10");
    for (String bad : List.of("jitter:0", "jitter:101", "jitter:", "jitter:x", "jitter")) {
      assertThatThrownBy(() -> TestTimeAugmentation.parse(bad)).as(bad)
          .hasMessageContaining("unknown test-time augmentation \"" + bad + "\"").hasMessageContaining("jitter:N");
    }
  }
}
