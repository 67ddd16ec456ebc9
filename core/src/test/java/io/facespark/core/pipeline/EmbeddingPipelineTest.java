package io.facespark.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.image.RejectedImageException.Stage;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.InputSpec;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pipeline with the bundled model on real LFW images: every chip it cuts is freed once its
 * batch is done, on the batch path and on the one-by-one retry after a failed batch, and each
 * batched embedding is the one the model gives that chip alone.
 */
class EmbeddingPipelineTest {

  private static FaceEmbedder facerec;
  private static List<EncodedImage> images;

  @BeforeAll
  static void load() throws Exception {
    TestData.models();
    facerec = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE);
    images = new ArrayList<>();
    for (String person : List.of("George_W_Bush", "Colin_Powell", "Tony_Blair")) {
      for (int number = 1; number <= 2; number++) {
        Path file = TestData.lfwImage(person, number);
        images.add(EncodedImage.read(file.toString(), person, Files.readAllBytes(file)));
      }
    }
    images.add(EncodedImage.read("not-an-image.jpg", null, "plain text".getBytes()));
  }

  @AfterAll
  static void close() {
    facerec.close();
  }

  @Test
  void everyChipIsFreedOnceItsBatchIsEmbedded() {
    RecordingCrop crop = new RecordingCrop();
    List<PipelineRow> rows = drain(new EmbeddingPipeline(images.iterator(), preprocessor(crop), facerec, 4));

    assertThat(rows).filteredOn(PipelineRow.Face.class::isInstance).hasSize(6);
    assertThat(rows).filteredOn(PipelineRow.Reject.class::isInstance).hasSize(1);
    assertThat(crop.cut).hasSize(6).allSatisfy(chip -> assertThat(chip.wasClosed()).as("chip freed").isTrue());
  }

  @Test
  void chipsRetriedOneByOneAfterAFailedBatchAreFreedToo() {
    // The model refuses a chip with a non-finite pixel: its batch fails and is retried face by face.
    RecordingCrop crop = new RecordingCrop(2);
    List<PipelineRow> rows = drain(new EmbeddingPipeline(images.iterator(), preprocessor(crop), facerec, 4));

    assertThat(rows).filteredOn(PipelineRow.Face.class::isInstance).as("the rest embedded alone").hasSize(5);
    assertThat(rows).filteredOn(PipelineRow.Reject.class::isInstance)
        .extracting(row -> ((PipelineRow.Reject) row).stage())
        .containsExactlyInAnyOrder(Stage.EMBED.columnValue(), Stage.DECODE.columnValue());
    assertThat(crop.cut).hasSize(6).allSatisfy(chip -> assertThat(chip.wasClosed()).as("chip freed").isTrue());
  }

  @Test
  void eachBatchedEmbeddingIsTheModelsOwnOnThatChipAlone() {
    // A chip freed before the model read it, or a stacked batch freed too soon, would show here.
    List<float[]> batched = embeddings(drain(new EmbeddingPipeline(images.iterator(),
        preprocessor(new RecordingCrop()), facerec, 4)));

    ImageDecoder decoder = new ImageDecoder();
    FaceCrop crop = FaceCrop.lfwDeepFunneled();
    assertThat(batched).hasSize(6);
    for (int i = 0; i < batched.size(); i++) {
      float[] alone;
      try (ImageDecoder.Decoded decoded = decoder.decodeWithWarnings(images.get(i).bytes());
           INDArray chip = crop.extract(decoded.image(), FaceLocation.WHOLE_IMAGE, facerec.inputSpec())) {
        alone = facerec.embed(chip)[0];
      }
      assertThat(batched.get(i)).as("face %d", i).containsExactly(alone, offset(1e-5f));
    }
  }

  private static Preprocessor preprocessor(ChipExtractor crop) {
    return new Preprocessor(new ImageDecoder(), FaceLocator.WHOLE_IMAGE, crop, facerec.inputSpec());
  }

  private static List<PipelineRow> drain(Iterator<PipelineRow> pipeline) {
    List<PipelineRow> rows = new ArrayList<>();
    pipeline.forEachRemaining(rows::add);
    return rows;
  }

  private static List<float[]> embeddings(List<PipelineRow> rows) {
    return rows.stream().filter(PipelineRow.Face.class::isInstance).map(row -> ((PipelineRow.Face) row).embedding())
        .toList();
  }

  /**
   * The product's crop, keeping every chip it cuts so the test can see whether it was freed; the
   * chip at index {@code spoiled} (if any) gets a NaN pixel.
   */
  private static final class RecordingCrop implements ChipExtractor {
    final List<INDArray> cut = new ArrayList<>();
    private final FaceCrop crop = FaceCrop.lfwDeepFunneled();
    private final int spoiled;

    RecordingCrop() {
      this(-1);
    }

    RecordingCrop(int spoiled) {
      this.spoiled = spoiled;
    }

    @Override
    public INDArray extract(Mat image, FaceLocation face, InputSpec spec) {
      INDArray chip = crop.extract(image, face, spec);
      if (cut.size() == spoiled) {
        chip.putScalar(new long[] {0, 1, 20, 30}, Float.NaN);
      }
      cut.add(chip);
      return chip;
    }
  }
}
