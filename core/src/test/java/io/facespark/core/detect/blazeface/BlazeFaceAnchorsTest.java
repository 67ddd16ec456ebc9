package io.facespark.core.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BlazeFaceAnchorsTest {

  @Test
  void anchorCountsMatchTheThreeModelsOutputs() {
    // Output shapes in the model files: back 512 + 384, short 896, full 2304 anchors.
    assertThat(BlazeFaceAnchors.centres(256, new int[] {16, 32, 32, 32}, 2)).hasSize(2 * 896);
    assertThat(BlazeFaceAnchors.centres(128, new int[] {8, 16, 16, 16}, 2)).hasSize(2 * 896);
    assertThat(BlazeFaceAnchors.centres(192, new int[] {4}, 1)).hasSize(2 * 2304);
  }

  @Test
  void cellsListRowMajorWithTheirAnchorsTogether() {
    float[] c = BlazeFaceAnchors.centres(128, new int[] {8, 16, 16, 16}, 2);
    // First grid 16x16, 2 anchors per cell: anchors 0 and 1 share cell (0, 0); anchor 2 is cell (1, 0).
    assertThat(new float[] {c[0], c[1], c[2], c[3]}).containsExactly(0.5f / 16, 0.5f / 16, 0.5f / 16, 0.5f / 16);
    assertThat(c[4]).isCloseTo(1.5f / 16, within(1e-7f));
    assertThat(c[5]).isCloseTo(0.5f / 16, within(1e-7f));
    // Row 1 starts after 16 cells x 2 anchors.
    assertThat(c[2 * 32 + 1]).isCloseTo(1.5f / 16, within(1e-7f));
    // Second grid 8x8 with 3 layers x 2 = 6 anchors per cell, starting at anchor 512.
    int second = 2 * 512;
    for (int a = 0; a < 6; a++) {
      assertThat(c[second + 2 * a]).isCloseTo(0.5f / 8, within(1e-7f));
    }
    assertThat(c[second + 12]).isCloseTo(1.5f / 8, within(1e-7f));
    assertThat(c[c.length - 2]).isCloseTo(7.5f / 8, within(1e-7f));
    assertThat(c[c.length - 1]).isCloseTo(7.5f / 8, within(1e-7f));
  }
}
