package io.facespark.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.image.FaceCrop;
import io.facespark.core.image.ImageDecoder;
import io.facespark.core.model.FaceEmbedder;
import io.facespark.core.model.FaceEmbedders;
import io.facespark.core.model.ModelSpec;
import io.facespark.core.model.TestTimeAugmentation;
import io.facespark.core.pipeline.FaceLocator;
import io.facespark.core.pipeline.Preprocessor;
import io.facespark.testing.TestData;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The OpenMP team size is the calling thread's own, and a one-thread team embeds as a full one does. */
class OpenMpThreadsTest {

  @Test
  void aThreadsTeamSizeIsItsOwn() throws Exception {
    int everyone = onNewThread(OpenMpThreads::ofThisThread);
    int limited = onNewThread(() -> {
      OpenMpThreads.setForThisThread(1);
      return OpenMpThreads.ofThisThread();
    });
    int afterwards = onNewThread(OpenMpThreads::ofThisThread);

    assertThat(limited).as("the limited thread's team").isEqualTo(1);
    assertThat(afterwards).as("a thread that set nothing keeps the process default")
        .isEqualTo(everyone).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aOneThreadTeamGivesTheSameEmbeddings() throws Exception {
    try (FaceEmbedder facerec = FaceEmbedders.open(ModelSpec.facerec(), TestTimeAugmentation.NONE)) {
      Preprocessor preprocessor = new Preprocessor(new ImageDecoder(), FaceLocator.WHOLE_IMAGE,
          FaceCrop.lfwDeepFunneled(), facerec.inputSpec());
      INDArray batch = Nd4j.concat(0,
          preprocessor.prepare(Files.readAllBytes(TestData.lfwImage("George_W_Bush", 1))).chips().get(0).pixels(),
          preprocessor.prepare(Files.readAllBytes(TestData.lfwImage("Colin_Powell", 1))).chips().get(0).pixels());
      float[][] full = onNewThread(() -> facerec.embed(batch));
      float[][] one = onNewThread(() -> {
        OpenMpThreads.setForThisThread(1);
        return facerec.embed(batch);
      });

      for (int i = 0; i < full.length; i++) {
        for (int d = 0; d < full[i].length; d++) {
          assertThat(one[i][d]).as("image %d dimension %d", i, d).isCloseTo(full[i][d], within(1e-5f));
        }
      }
    }
  }

  /** A fresh thread each time: pooled threads would carry a team size set by an earlier call. */
  private static <T> T onNewThread(Callable<T> work) throws Exception {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "openmp-threads-test");
    thread.start();
    return task.get();
  }

  @Test
  void aTeamOfNoThreadsIsRefused() {
    assertThatThrownBy(() -> OpenMpThreads.setForThisThread(0))
        .hasMessage("OpenMP threads must be at least 1, got 0");
  }
}
