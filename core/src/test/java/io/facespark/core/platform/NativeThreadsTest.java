package io.facespark.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

  @Test
  void aThreadsSettingIsItsOwnAndCanBePutBack() throws Exception {
    int mine = NativeThreads.forThisThread();
    AtomicInteger previous = new AtomicInteger();
    AtomicInteger whileSet = new AtomicInteger();
    AtomicInteger afterReset = new AtomicInteger();
    int wanted = mine == 1 ? 2 : 1;
    Thread other = new Thread(() -> {
      previous.set(NativeThreads.setForThisThread(wanted));
      whileSet.set(NativeThreads.forThisThread());
      NativeThreads.setForThisThread(previous.get());
      afterReset.set(NativeThreads.forThisThread());
    });
    other.start();
    other.join();

    assertThat(previous.get()).isEqualTo(mine);
    assertThat(whileSet.get()).isEqualTo(wanted);
    assertThat(afterReset.get()).isEqualTo(mine);
    assertThat(NativeThreads.forThisThread()).as("the setting of another thread leaks into this one").isEqualTo(mine);
  }

  @Test
  void fewerThanOneThreadIsRefused() {
    assertThatThrownBy(() -> NativeThreads.setForThisThread(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
  }
}
