package org.rapaio.jupyter.kernel.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kernel's channel loops run from their first start, and the kernel really loads this class. */
class LoopThreadTest {

  private static final Path KERNEL_DIR = Path.of(System.getProperty("facespark.root", ".."))
      .resolve("notebooks/target/kernel");

  @Test
  void everyStartedLoopRunsItsBodyUntilShutDown() throws Exception {
    // The kernel's own class lost the race now and then (about 1 start in 4 in a loaded JVM);
    // a few hundred starts would show a loop that ends before its first turn.
    for (int i = 0; i < 300; i++) {
      CountDownLatch turns = new CountDownLatch(2);
      LoopThread loop = new LoopThread("loop-" + i, 0, turns::countDown);
      loop.start();
      assertThat(turns.await(10, TimeUnit.SECONDS)).as("start %d: the body ran twice", i).isTrue();
      loop.shutdown();
      loop.join(10_000);
      assertThat(loop.isAlive()).as("start %d: shut down", i).isFalse();
    }
  }

  @Test
  void anInterruptEndsTheLoop() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    LoopThread loop = new LoopThread("sleepy", 60_000, turns::incrementAndGet);
    loop.start();
    while (turns.get() == 0) {
      Thread.onSpinWait();
    }

    loop.interrupt();
    loop.join(10_000);

    assertThat(loop.isAlive()).isFalse();
    assertThat(turns.get()).isEqualTo(1);
  }

  @Test
  void theKernelsChannelsLinkToThisClassWhenItComesFirstOnTheClasspath() throws Exception {
    Path kernelJar;
    try (Stream<Path> jars = Files.list(KERNEL_DIR)) {
      kernelJar = jars.filter(p -> p.getFileName().toString().startsWith("rapaio-jupyter-kernel-")).findFirst()
          .orElseThrow(() -> new AssertionError("no kernel jar in " + KERNEL_DIR + ": build the notebooks module"));
    }
    URL ours = LoopThread.class.getProtectionDomain().getCodeSource().getLocation();
    // The order bin/facespark notebook writes into kernel.json: this module's classes, then the kernel.
    try (URLClassLoader kernel = new URLClassLoader(new URL[] {ours, kernelJar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> shell = kernel.loadClass("org.rapaio.jupyter.kernel.channels.ShellChannel");
      Class<?> loopType = shell.getDeclaredField("loopThread").getType();

      assertThat(loopType.getName()).isEqualTo(LoopThread.class.getName());
      assertThat(loopType.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(ours);
      assertThat(loopType.getConstructor(String.class, long.class, Runnable.class)).isNotNull();
      assertThat(loopType.getMethod("shutdown")).isNotNull();
    }
  }
}
