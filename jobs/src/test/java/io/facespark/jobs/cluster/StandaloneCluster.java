package io.facespark.jobs.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster (one master, one worker) on 127.0.0.1, started from the
 * project's own jars: no Spark distribution. The worker needs a SPARK_HOME whose {@code jars/}
 * holds the Spark runtime (here: links to the jars in {@code jobs/target/spark-classpath.txt}) and
 * SPARK_SCALA_VERSION, or its executors fail with "Cannot find any build directories".
 */
final class StandaloneCluster implements AutoCloseable {

  static final Path ROOT = io.facespark.jobs.launcher.Launcher.ROOT;

  private final Path home;
  private final int masterPort;
  private final List<Process> processes = new ArrayList<>();
  private final String classpath;
  private final String flags;

  private StandaloneCluster(Path home, int masterPort, String classpath, String flags) {
    this.home = home;
    this.masterPort = masterPort;
    this.classpath = classpath;
    this.flags = flags;
  }

  static StandaloneCluster start(int workerCores, String workerMemory) throws IOException, InterruptedException {
    Path classpathFile = ROOT.resolve("jobs/target/spark-classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(classpathFile + " is missing: run the integration tests through"
          + " './mvnw verify' (package writes it)");
    }
    String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    String flags = System.getProperty("facespark.jvm.flags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException("facespark.jvm.flags is not set: run through Maven (it reads conf/jvm.properties)");
    }
    Path home = Files.createTempDirectory("facespark-spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String jar : classpath.split(":")) {
      Path source = Paths.get(jar);
      Files.createSymbolicLink(jars.resolve(source.getFileName()), source);
    }
    Files.createDirectories(home.resolve("work"));
    Files.createDirectories(home.resolve("logs"));
    StandaloneCluster cluster = new StandaloneCluster(home, freePort(), classpath, flags);
    cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(freePort()));
    cluster.waitForLog("master", "I have been elected leader", 60);
    cluster.launch("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--cores", String.valueOf(workerCores), "--memory", workerMemory,
        "--webui-port", String.valueOf(freePort()), "--work-dir", home.resolve("work").toString(),
        cluster.masterUrl());
    cluster.waitForLog("worker", "Successfully registered with master", 60);
    return cluster;
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  Path home() {
    return home;
  }

  /** Environment every process that talks to this cluster needs. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  private void launch(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(flags.split(" ")));
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(home.resolve("logs").resolve(name + ".log").toFile());
    builder.environment().putAll(environment());
    // A cluster knows nothing of facespark: what its executors get, bin/facespark must send.
    builder.environment().remove("GLIBC_TUNABLES");
    processes.add(builder.start());
  }

  String log(String name) throws IOException {
    return Files.readString(home.resolve("logs").resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  private void waitForLog(String name, String line, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (log(name).contains(line)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the " + name + " did not log '" + line + "' within " + seconds
        + " s; its log:\n" + log(name));
  }

  /** Every executor's stderr the worker has kept so far (one per application and executor). */
  Set<Path> executorLogs() throws IOException {
    try (Stream<Path> files = Files.find(home.resolve("work"), 3,
        (file, attributes) -> file.getFileName().toString().equals("stderr")
            && file.getParent().getParent().getFileName().toString().startsWith("app-"))) {
      return files.collect(Collectors.toSet());
    }
  }

  /**
   * The final state of a cluster-mode driver and its stdout, read from the worker's work dir.
   * Why not the exit code: spark-submit to standalone cluster mode exits 0 even when the driver failed.
   */
  DriverOutcome driverOutcome(String submitOutput, int seconds) throws IOException, InterruptedException {
    Matcher id = Pattern.compile("(driver-\\d+-\\d+)").matcher(submitOutput);
    if (!id.find()) {
      throw new AssertionError("no driver id in the submit output:\n" + submitOutput);
    }
    String driverId = id.group(1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    // The worker logs each driver's end in one of these words (Worker.handleDriverStateChanged).
    Map<String, String> endings = Map.of(
        driverId + " exited successfully", "FINISHED",
        driverId + " exited with failure", "FAILED",
        driverId + " failed with unrecoverable exception", "ERROR",
        driverId + " was killed by user", "KILLED");
    while (System.nanoTime() < deadline) {
      String workerLog = log("worker");
      for (Map.Entry<String, String> ending : endings.entrySet()) {
        if (workerLog.contains(ending.getKey())) {
          return new DriverOutcome(driverId, ending.getValue(), driverFile(driverId, "stdout"),
              driverFile(driverId, "stderr"));
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("driver " + driverId + " did not finish within " + seconds + " s; worker log:\n"
        + log("worker"));
  }

  private String driverFile(String driverId, String name) throws IOException {
    Path file = home.resolve("work").resolve(driverId).resolve(name);
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  record DriverOutcome(String driverId, String state, String stdout, String stderr) {
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    try (Stream<Path> paths = Files.walk(home)) {
      paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}
