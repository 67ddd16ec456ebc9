package io.facespark.jobs.table;

import io.facespark.jobs.spark.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per output table: a hidden lock file beside the table ({@code .<name>.lock}) naming
 * the holder's run id, host, pid and start time, created atomically, kept fresh by a heartbeat
 * and removed when the run ends.
 *
 * <p>Why: two runs on the same output would each clear the other's staging directory and swap
 * tables under each other. A second run is refused while the lock is live. A lock is stale, and
 * is taken over (and the run says so), when its holder is a process on this host that no longer
 * exists, or when its heartbeat is older than {@link #STALE_AFTER}: ten missed heartbeats, long
 * enough for a GC pause or a slow NameNode, short enough that a run killed on another host (no
 * pid to check from here) blocks its output for minutes, not for ever.
 */
public final class OutputLock implements AutoCloseable {

  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  static final Duration STALE_AFTER = HEARTBEAT.multipliedBy(10);

  private final FileSystem fs;
  private final Path lock;
  private final String runId;
  private final String tookOver;
  private final ScheduledExecutorService heartbeat;

  private OutputLock(FileSystem fs, Path lock, String runId, String tookOver) {
    this.fs = fs;
    this.lock = lock;
    this.runId = runId;
    this.tookOver = tookOver;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("facespark-output-lock"));
    heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The lock file guarding {@code table}. */
  static Path lockFile(Path table) {
    return new Path(table.getParent(), "." + table.getName() + ".lock");
  }

  /**
   * Takes the lock of {@code table} for run {@code runId}, or throws an IllegalArgumentException
   * naming the holder and what to do (refused before any work, like a configuration mistake: one
   * line, no stack trace). {@code option} names the table as the user gave it.
   */
  static OutputLock acquire(FileSystem fs, Path table, String option, String runId) {
    Path lock = lockFile(table);
    try {
      fs.mkdirs(table.getParent());
      if (create(fs, lock, runId)) {
        return new OutputLock(fs, lock, runId, null);
      }
      Holder holder = Holder.read(fs, lock);
      if (holder == null) {
        // Released between our attempt and the read: one more try decides.
        if (create(fs, lock, runId)) {
          return new OutputLock(fs, lock, runId, null);
        }
        throw busy(option, table, Holder.read(fs, lock));
      }
      String stale = holder.staleBecause(fs, lock);
      if (stale == null) {
        throw busy(option, table, holder);
      }
      // Move the stale lock aside under a name of our own: a rename succeeds for one taker only.
      Path aside = new Path(lock.getParent(), lock.getName() + ".stale-" + runId);
      if (!fs.rename(lock, aside)) {
        throw busy(option, table, Holder.read(fs, lock));
      }
      Holder moved = Holder.read(fs, aside);
      if (moved == null || !moved.runId().equals(holder.runId())) {
        // Another run replaced the stale lock first; what we moved is its live lock: put it back.
        fs.rename(aside, lock);
        throw busy(option, table, moved);
      }
      fs.delete(aside, false);
      if (!create(fs, lock, runId)) {
        throw busy(option, table, Holder.read(fs, lock));
      }
      return new OutputLock(fs, lock, runId, "took over the stale lock of " + option + " " + table + " from run "
          + holder.describe() + " (" + stale + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + option + " " + table + " at " + lock + ": " + e.getMessage(), e);
    }
  }

  /** What to tell the user when this lock replaced a stale one, else null. */
  public String tookOver() {
    return tookOver;
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Holder holder = Holder.read(fs, lock);
      if (holder != null && holder.runId().equals(runId)) {
        fs.delete(lock, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + lock + ": " + e.getMessage(), e);
    }
  }

  private void touch() {
    try {
      fs.setTimes(lock, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      // A missed heartbeat only brings staleness closer; the next one retries.
    }
  }

  private static IllegalArgumentException busy(String option, Path table, Holder holder) {
    String who = holder == null ? "another run" : "run " + holder.describe();
    return new IllegalArgumentException(option + " " + table + " is being written by " + who + "; wait for it to"
        + " finish or choose another output. If that run is dead, its lock " + lockFile(table) + " is taken over"
        + " automatically once its host shows the process gone or after " + STALE_AFTER.toMinutes()
        + " minutes without a heartbeat; delete the lock file only if you are sure no run is writing.");
  }

  /** Creates the lock file only if none exists; false if one does. */
  private static boolean create(FileSystem fs, Path lock, String runId) throws IOException {
    byte[] content = Holder.current(runId).toBytes();
    if ("file".equals(lock.toUri().getScheme())) {
      // Hadoop's local create(overwrite=false) checks, then creates: not atomic. O_EXCL is.
      try {
        Files.write(Paths.get(lock.toUri().getPath()), content, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(lock, false)) {  // atomic on HDFS (the NameNode decides)
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  /** Who holds a lock: its file's content. */
  record Holder(String runId, String host, long pid, Instant started) {

    static Holder current(String runId) {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown-host";
      }
      return new Holder(runId, host, ProcessHandle.current().pid(), Instant.now());
    }

    byte[] toBytes() {
      return ("run_id=" + runId + "\nhost=" + host + "\npid=" + pid + "\nstarted=" + started + "\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    /** Null if no lock file is there (or it is not one of ours, e.g. half-written). */
    static Holder read(FileSystem fs, Path lock) throws IOException {
      Properties properties = new Properties();
      try (InputStream in = fs.open(lock)) {
        properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (java.io.FileNotFoundException e) {
        return null;
      }
      try {
        return new Holder(properties.getProperty("run_id"), properties.getProperty("host"),
            Long.parseLong(properties.getProperty("pid")), Instant.parse(properties.getProperty("started")));
      } catch (RuntimeException e) {
        return new Holder(String.valueOf(properties.getProperty("run_id")), "unknown-host", -1, Instant.EPOCH);
      }
    }

    String describe() {
      return runId + " (host " + host + ", pid " + pid + ", started " + started + ")";
    }

    /** Why this holder's lock is stale, or null while it may still be writing. */
    String staleBecause(FileSystem fs, Path lock) throws IOException {
      Holder here = current(runId);
      if (host.equals(here.host()) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
        return "its process " + pid + " on this host is gone";
      }
      long heartbeatAge = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
      if (heartbeatAge > STALE_AFTER.toMillis()) {
        return "no heartbeat for " + heartbeatAge / 60_000 + " minutes";
      }
      return null;
    }
  }
}
