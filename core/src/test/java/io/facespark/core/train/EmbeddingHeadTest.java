package io.facespark.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

class EmbeddingHeadTest {

  private static final int DIM = 16;

  @TempDir
  Path dir;

  /** 12 people, 8 noisy unit vectors each, plus 3 people with one face. */
  private static TrainingSet people(long seed) {
    Random random = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int p = 0; p < 15; p++) {
      float[] centre = new float[DIM];
      for (int k = 0; k < DIM; k++) {
        centre[k] = (float) random.nextGaussian();
      }
      for (int i = 0; i < (p < 12 ? 8 : 1); i++) {
        float[] v = new float[DIM];
        for (int k = 0; k < DIM; k++) {
          v[k] = centre[k] + (float) (0.9 * random.nextGaussian());
        }
        rows.add(v);
        labels.add("P" + p);
      }
    }
    return TrainingSet.of(rows, labels);
  }

  private static HeadConfig config(String loss) {
    return new HeadConfig(loss, 0, 8, 16, loss.equals(HeadConfig.TRIPLET) ? 0.3 : 0.2, 30, 24, 4, 0.01, 5);
  }

  private static double meanScore(MultiLayerNetwork net, List<DataSet> batches) {
    return batches.stream().mapToDouble(net::score).average().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {HeadConfig.ARCFACE, HeadConfig.AM_SOFTMAX, HeadConfig.TRIPLET})
  void trainingLowersTheLossAndTheSameSeedGivesTheSameHead(String loss) {
    TrainingSet set = people(1);
    assertThat(set.rows()).isEqualTo(96);
    assertThat(set.skippedSingletonLabels()).isEqualTo(3);

    EmbeddingHead first = train(set, config(loss));
    EmbeddingHead second = train(set, config(loss));

    MultiLayerNetwork untrained = EmbeddingHead.newNetwork(config(loss), DIM, set.classes());
    List<DataSet> batches = set.epoch(config(loss), 0);
    assertThat(meanScore(first.network(), batches)).as("trained %s loss", loss)
        .isLessThan(0.8 * meanScore(untrained, batches));
    assertThat(second.network().params()).isEqualTo(first.network().params());
    assertThat(second.version()).isEqualTo(first.version()).startsWith("base-v1+head-");
  }

  private static EmbeddingHead train(TrainingSet set, HeadConfig config) {
    MultiLayerNetwork net = EmbeddingHead.newNetwork(config, set.dim(), set.classes());
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      for (DataSet batch : set.epoch(config, epoch)) {
        net.fit(batch);
      }
    }
    return EmbeddingHead.trained(net, "base-v1", set.dim(), config, set.classes(), set.rows(), set.skippedSingletonLabels());
  }

  @Test
  void anUntrainedLinearHeadOfTheBaseWidthIsTheStockEmbedding() {
    HeadConfig config = new HeadConfig(HeadConfig.ARCFACE, 0, DIM, 16, 0.2, 1, 24, 4, 0.01, 5);
    EmbeddingHead head = EmbeddingHead.trained(EmbeddingHead.newNetwork(config, DIM, 12), "base-v1", DIM, config, 12, 0, 0);
    float[] v = new float[DIM];
    v[2] = 3;
    v[5] = -4;

    float[] out = head.apply(new float[][] {v})[0];

    assertThat(out[2]).isCloseTo(0.6f, org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(out[5]).isCloseTo(-0.8f, org.assertj.core.api.Assertions.within(1e-6f));
  }

  @Test
  void aSavedHeadLoadsWithItsVersionAndGivesUnitVectors() throws IOException {
    TrainingSet set = people(2);
    EmbeddingHead head = train(set, config(HeadConfig.ARCFACE));
    head.save(dir);

    EmbeddingHead loaded = EmbeddingHead.load(dir);

    assertThat(loaded.version()).isEqualTo(head.version());
    assertThat(loaded.info().config()).isEqualTo(head.info().config());
    float[][] base = {new float[DIM], new float[DIM]};
    base[0][0] = 1;
    base[1][3] = -2;
    float[][] out = loaded.apply(base);
    assertThat(out[0]).hasSize(8).isEqualTo(head.apply(base)[0]);
    double norm = 0;
    for (float v : out[1]) {
      norm += v * v;
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    assertThatThrownBy(() -> loaded.apply(new float[][] {new float[DIM + 1]}))
        .hasMessageContaining("row 0 has 17 values; this head takes 16-d embeddings of base-v1");
  }

  @Test
  void aModifiedOrIncompleteHeadDirectoryIsRefused() throws IOException {
    EmbeddingHead head = train(people(3), config(HeadConfig.AM_SOFTMAX));
    head.save(dir);
    String info = Files.readString(dir.resolve(EmbeddingHead.INFO));
    // Claim another base model: the version no longer follows from the weights.
    Files.writeString(dir.resolve(EmbeddingHead.INFO), info.replace("\"baseModelVersion\" : \"base-v1\"",
        "\"baseModelVersion\" : \"base-v2\""));
    assertThat(Files.readString(dir.resolve(EmbeddingHead.INFO))).contains("base-v2");

    assertThatThrownBy(() -> EmbeddingHead.load(dir)).hasMessageContaining("head weights do not match head.json");
    Files.delete(dir.resolve(EmbeddingHead.NETWORK));
    assertThatThrownBy(() -> EmbeddingHead.load(dir)).hasMessageContaining("has no head.zip");
  }

  @Test
  void trainingNeedsTwoLabelsWithTwoFaces() {
    assertThatThrownBy(() -> TrainingSet.of(List.of(new float[] {1, 0}, new float[] {0, 1}), List.of("a", "b")))
        .hasMessageContaining("at least 2 labels with 2 or more faces each; got 0 (2 labels had a single face)");
    assertThatThrownBy(() -> TrainingSet.of(List.of(new float[] {1, Float.NaN}, new float[] {0, 1}, new float[] {1, 1},
        new float[] {1, 2}), List.of("a", "a", "b", "b"))).hasMessageContaining("row 0 (label a) has a non-finite value");
    assertThatThrownBy(() -> new HeadConfig("softmax", 0, 8, 16, 0.2, 1, 8, 2, 0.01, 1))
        .hasMessageContaining("--loss must be arcface, am-softmax or triplet, got 'softmax'");
  }
}
