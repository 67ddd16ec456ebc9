package io.facespark.core.model.facerec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.core.model.FlipAveragingEmbedder;
import io.facespark.testing.TestData;
import java.util.List;
import io.facespark.core.vector.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FlipAveragingEmbedderTest {

  private static FaceRecEmbedder plain;
  private static FlipAveragingEmbedder flip;
  private static INDArray faces;

  @BeforeAll
  static void load() throws Exception {
    plain = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir());
    flip = new FlipAveragingEmbedder(plain);
    List<FaceRecGoldenTest.Golden> goldens = FaceRecGoldenTest.readFixture();
    faces = Nd4j.concat(0, goldens.get(0).pixels(), goldens.get(6).pixels());
  }

  @AfterAll
  static void close() {
    flip.close();
  }

  @Test
  void versionSaysFlipAndEverythingElseIsTheInners() {
    assertThat(flip.modelVersion()).as("version").isEqualTo(plain.modelVersion() + "+flip");
    assertThat(flip.modelName()).as("name").isEqualTo(plain.modelName());
    assertThat(flip.dimension()).as("dimension").isEqualTo(plain.dimension());
    assertThat(flip.inputSpec()).as("input spec").isEqualTo(plain.inputSpec());
  }

  @Test
  void isTheNormalisedMeanOfTheImageAndItsLeftRightMirror() {
    float[][] averaged = flip.embed(faces);
    float[][] direct = plain.embed(faces);
    float[][] mirrored = plain.embed(mirror(faces));
    for (int i = 0; i < 2; i++) {
      double norm = 0;
      double[] mean = new double[128];
      for (int k = 0; k < 128; k++) {
        mean[k] = (direct[i][k] + mirrored[i][k]) / 2.0;
        norm += mean[k] * mean[k];
      }
      for (int k = 0; k < 128; k++) {
        assertThat((double) averaged[i][k]).as("row %d component %d", i, k)
            .isCloseTo(mean[k] / Math.sqrt(norm), org.assertj.core.data.Offset.offset(2e-6));
      }
      assertThat(1 - Vectors.cosine(averaged[i], direct[i])).as("flip TTA changes row %d", i).isGreaterThan(1e-6);
    }
  }

  @Test
  void mirroringTheInputDoesNotChangeTheResult() {
    float[][] a = flip.embed(faces);
    float[][] b = flip.embed(mirror(faces));
    for (int i = 0; i < 2; i++) {
      assertThat(1 - Vectors.cosine(a[i], b[i])).as("flip TTA of image %d vs of its mirror", i).isLessThan(1e-10);
    }
  }

  /** Left-right mirror, written independently of the class under test. */
  static INDArray mirror(INDArray batch) {
    INDArray out = batch.dup();
    long w = batch.size(3);
    for (long x = 0; x < w; x++) {
      out.put(new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all(), NDArrayIndex.point(x)},
          batch.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(w - 1 - x)));
    }
    return out;
  }

  @Test
  void badBatchesGetTheInnerMessage() {
    assertThatThrownBy(() -> flip.embed(Nd4j.zeros(DataType.FLOAT, 0, 3, 150, 150)))
        .as("empty batch").hasMessageContaining("empty batch");
    assertThatThrownBy(() -> flip.embed(faces.get(NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.interval(0, 100), NDArrayIndex.all()))).as("wrong size").hasMessageContaining("150, 150]");
  }
}
