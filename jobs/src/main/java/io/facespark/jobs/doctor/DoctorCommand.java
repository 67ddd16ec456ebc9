package io.facespark.jobs.doctor;

import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.report.TextTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facespark doctor}: is this machine (or cluster driver) ready to run facespark jobs? */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
        "Checks that this machine can run the jobs and says how to fix what is missing.",
        "Checks Java, the Java 17 flags, the ND4J native backend, that DL4J's convolutions run through"
            + " oneDNN (5x faster), glibc's allocator settings (here and on the executors), the face model"
            + " cache, and that Spark starts and runs a job. Prints one line per check; exits 1 with the fix"
            + " for every failed line."})
public final class DoctorCommand implements Callable<Integer> {

  static final String NATIVE_ALLOCATOR = "native allocator";

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Model cache to check (default: ~/.cache/facespark, or $FACESPARK_CACHE if set).")
  Path cacheDir;

  @Option(names = "--skip-spark", description = "Do not start Spark (for a quick check of the rest).")
  boolean skipSpark;

  @Spec
  CommandSpec spec;

  public Path cacheDir() {
    return cacheDir;
  }

  public boolean skipSpark() {
    return skipSpark;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Check> checks = runChecks();
    TextTable table = new TextTable("check", "status", "detail");
    checks.forEach(c -> table.add(c.name(), c.status(), c.detail()));
    out.print(table);
    List<Check> failed = checks.stream().filter(Check::failed).toList();
    if (failed.isEmpty()) {
      out.println("All checks passed.");
      out.flush();
      return 0;
    }
    out.println();
    out.println(failed.size() + " check(s) failed. Fixes:");
    failed.forEach(c -> out.println("  - " + c.name() + ": " + c.fix()));
    out.flush();
    return 1;
  }

  List<Check> runChecks() {
    ModelCache cache = cacheDir == null ? ModelCache.locate() : ModelCache.at(cacheDir);
    List<Check> checks = new ArrayList<>();
    checks.add(PlatformChecks.java());
    checks.add(PlatformChecks.moduleFlags());
    checks.add(PlatformChecks.nd4jBackend());
    checks.add(PlatformChecks.oneDnnConvolutions());
    checks.add(PlatformChecks.nativeAllocator(NATIVE_ALLOCATOR, System.getenv("GLIBC_TUNABLES")));
    for (ModelPackage modelPackage : ModelPackage.values()) {
      checks.add(PlatformChecks.modelCache(cache, modelPackage));
    }
    if (!skipSpark) {
      checks.addAll(SparkCheck.run());
    }
    return checks;
  }
}
