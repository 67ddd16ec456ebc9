package io.facespark.jobs.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs bin/facespark as a user would, against the packaged jar (never building it). */
public final class Launcher {

  public static final Path ROOT = Paths.get(System.getProperty("facespark.root", "..")).toAbsolutePath().normalize();

  /** What a finished run printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {
  }

  /** A run in progress, for tests that kill it. */
  public record Running(Process process, Path log) {
    public String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  private Launcher() {
  }

  public static Running start(Map<String, String> env, String... args) throws IOException {
    return start(List.of(), env, args);
  }

  /** Starts the launcher behind a command prefix (e.g. setpriv, to drop privileges). */
  public static Running start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(ROOT.resolve("bin/facespark").toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("facespark-launcher", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("FACESPARK_NO_BUILD", "1");
    builder.environment().putAll(env);
    return new Running(builder.start(), log);
  }

  public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return run(List.of(), env, args);
  }

  public static Result run(List<String> prefix, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(prefix, Duration.ofMinutes(10), env, args);
  }

  /** A run that may take up to {@code limit} (full-LFW jobs); killed and failed beyond it. */
  public static Result run(List<String> prefix, Duration limit, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Running running = start(prefix, env, args);
    if (!running.process().waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      running.process().descendants().forEach(ProcessHandle::destroyForcibly);
      running.process().destroyForcibly();
      throw new AssertionError("bin/facespark " + String.join(" ", args) + " did not finish in "
          + limit.toMinutes() + " minutes:\n" + running.output());
    }
    return new Result(running.process().exitValue(), running.output());
  }
}
