package io.facespark.core.model.facerec;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.JitterAveragingEmbedder;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.vector.Vectors;
import io.facespark.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Jitter TTA around the real face recognition net, on the golden chips. */
class JitterAveragingEmbedderTest {

  private static FaceRecEmbedder plain;
  private static FaceEmbedder jitter;
  private static List<FaceRecGoldenTest.Golden> goldens;

  @BeforeAll
  static void load() throws Exception {
    plain = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir());
    jitter = TestTimeAugmentation.parse("jitter:4").apply(plain);
    goldens = FaceRecGoldenTest.readFixture();
  }

  @AfterAll
  static void close() {
    jitter.close();
  }

  @Test
  void versionNamesTheJittersAndEverythingElseIsTheInners() {
    assertThat(jitter).isInstanceOf(JitterAveragingEmbedder.class);
    assertThat(jitter.modelVersion()).isEqualTo(plain.modelVersion() + "+jitter4");
    assertThat(jitter.modelName()).isEqualTo(plain.modelName());
    assertThat(jitter.dimension()).isEqualTo(plain.dimension());
    assertThat(jitter.inputSpec()).isEqualTo(plain.inputSpec());
  }

  @Test
  void anImageGetsTheSameEmbeddingInAnyBatchAndAnyInstance() {
    INDArray a = goldens.get(0).pixels();
    INDArray b = goldens.get(6).pixels();

    float[][] pair = jitter.embed(Nd4j.concat(0, a, b));
    float[][] swapped = jitter.embed(Nd4j.concat(0, b, a));
    float[] alone;
    try (FaceEmbedder other = new JitterAveragingEmbedder(FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir()), 4)) {
      alone = other.embed(a)[0];
    }

    assertThat(swapped[1]).containsExactly(pair[0]);
    assertThat(swapped[0]).containsExactly(pair[1]);
    assertThat(1 - Vectors.cosine(alone, pair[0])).as("another instance, batch of one").isLessThan(1e-6);
  }

  @Test
  void movesTheEmbeddingALittleAndKeepsItUnitLength() {
    INDArray faces = Nd4j.concat(0, goldens.get(0).pixels(), goldens.get(6).pixels());

    float[][] jittered = jitter.embed(faces);
    float[][] direct = plain.embed(faces);

    for (int i = 0; i < 2; i++) {
      assertThat(Vectors.norm(jittered[i])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      double cosine = Vectors.cosine(jittered[i], direct[i]);
      assertThat(1 - cosine).as("jitter changes face %d", i).isGreaterThan(1e-5);
      assertThat(cosine).as("small jitters keep face %d close to its plain embedding", i).isGreaterThan(0.95);
    }
  }
}
