package org.rapaio.jupyter.kernel.channels;

/**
 * facespark's own version of the Java kernel's channel loop thread (rapaio-jupyter-kernel 3.0.1,
 * {@code org.rapaio.jupyter.kernel.channels.LoopThread}); {@code bin/facespark notebook} puts it
 * before the kernel jar on the kernel's classpath, so the kernel's channels load this one.
 *
 * <p>Why: the kernel's class marks itself running only after {@code Thread.start()} returns. A
 * new thread that gets the CPU first sees "not running" and ends before its first turn; the
 * channel it serves (the shell, say) then never answers, and Jupyter gives up on the kernel after
 * its startup timeout. That is the hang PLATFORM.md measured at about 1 start in 4, and one CI
 * rehearsal lost three starts in a row to it. Here the flag is set before the thread starts.
 *
 * <p>Same constructor and methods as the kernel's class (the channels call {@code start},
 * {@code shutdown} and {@code join}); otherwise the same behaviour: run the body, pause, repeat
 * until shut down or interrupted.
 */
public final class LoopThread extends Thread {

  private volatile boolean running;
  private final long pauseMillis;
  private final Runnable body;

  public LoopThread(String name, long pauseMillis, Runnable body) {
    super(name);
    this.pauseMillis = pauseMillis;
    this.body = body;
  }

  @Override
  public void run() {
    while (running) {
      body.run();
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        running = false;
        return;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;  // before the thread exists: it can never see itself as not yet started
    super.start();
  }

  public void shutdown() {
    running = false;
  }
}
