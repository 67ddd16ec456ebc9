package io.facespark.jobs.doctor;

import io.facespark.core.model.ModelCache;
import io.facespark.core.model.ModelPackage;
import io.facespark.core.platform.OneDnnConvolution;
import java.util.Locale;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** The checks that need no Spark: JVM, native backend, convolution speed fix, model cache. */
final class PlatformChecks {

  private static final String FLAGS_FIX = "start through bin/facespark, or add the flags in"
      + " conf/jvm.properties to the JVM (spark.driver.extraJavaOptions / spark.executor.extraJavaOptions)";

  private PlatformChecks() {
  }

  static Check java() {
    int feature = Runtime.version().feature();
    String detail = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    return feature == 17
        ? Check.ok("Java", detail)
        : Check.fail("Java", detail + ": facespark is built and tested on Java 17",
            "run with a JDK 17 (set JAVA_HOME)");
  }

  /** Spark needs java.base opened to it; without the flags it dies later with IllegalAccessError. */
  static Check moduleFlags() {
    Module unnamed = PlatformChecks.class.getModule();
    String[] packages = {"java.nio", "sun.nio.ch", "java.util", "java.lang.invoke"};
    for (String pkg : packages) {
      if (!Object.class.getModule().isOpen(pkg, unnamed)) {
        return Check.fail("Java 17 module flags", "java.base/" + pkg + " is not opened", FLAGS_FIX);
      }
    }
    return Check.ok("Java 17 module flags", "java.base opened for Spark");
  }

  static Check nd4jBackend() {
    try {
      Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
      // Values are Integers as well as Strings, so read them with get(), not getProperty().
      String detail = String.format(Locale.ROOT, "%s, BLAS %s, %s OpenMP threads, %s cores",
          Nd4j.getBackend().getClass().getSimpleName(), env.get("blas.vendor"),
          env.get("omp.threads"), env.get("cores"));
      return Check.ok("ND4J backend", detail);
    } catch (RuntimeException | LinkageError e) {
      return Check.fail("ND4J backend", "cannot load: " + e, "use the shaded facespark-jobs jar"
          + " (it carries nd4j-native for linux-x86_64); other platforms are not built");
    }
  }

  static Check oneDnnConvolutions() {
    try {
      OneDnnConvolution.enable();
      if (!OneDnnConvolution.nativeOneDnnAvailable()) {
        return Check.fail("oneDNN convolutions", "nd4j-native on the classpath is not the oneDNN build",
            "put nd4j-native:linux-x86_64-onednn (and no other nd4j-native natives) on the classpath");
      }
      if (!OneDnnConvolution.active()) {
        return Check.fail("oneDNN convolutions", "DL4J attaches no oneDNN helper: convolutions ~5x slower",
            "remove -D" + OneDnnConvolution.HELPERS_DISABLE_PROPERTY + "=true; keep io.facespark's"
                + " org.nd4j.nativeblas.Nd4jCpu shim on the classpath");
      }
      return Check.ok("oneDNN convolutions", "active (MKLDNNConvHelper attached)");
    } catch (RuntimeException | LinkageError e) {
      return Check.fail("oneDNN convolutions", "check failed: " + e, "see the ND4J backend line");
    }
  }

  /**
   * glibc's allocator settings in {@code tunables} (a process's {@code GLIBC_TUNABLES}; conf/jvm.properties
   * says why): without them each batch's native buffers come from new pages.
   */
  static Check nativeAllocator(String name, String tunables) {
    if (tunables == null || tunables.isBlank()) {
      return Check.fail(name, "GLIBC_TUNABLES is not set: every batch's native buffers are new pages"
          + " (a cold embed of all of LFW took 1.14x as long)", "start through bin/facespark, or export"
          + " GLIBC_TUNABLES with the value of facespark.glibc.tunables in conf/jvm.properties (on a cluster,"
          + " also as spark.executorEnv.GLIBC_TUNABLES)");
    }
    boolean keepsPages = tunables.contains("glibc.malloc.mmap_threshold=")
        && tunables.contains("glibc.malloc.trim_threshold=");
    return Check.ok(name, "GLIBC_TUNABLES=" + tunables + (keepsPages ? ""
        : " (yours; without glibc.malloc.mmap_threshold and trim_threshold every batch's buffers are new pages)"));
  }

  /** One check per model package: every file the fetch keeps, present with its SHA-256. */
  static Check modelCache(ModelCache cache, ModelPackage modelPackage) {
    String name = "models: " + modelPackage.dirName();
    ModelCache.Verification v = cache.verify(modelPackage);
    if (!v.ok()) {
      String problems = v.problems().size() > 3
          ? String.join("; ", v.problems().subList(0, 3)) + "; ..." : String.join("; ", v.problems());
      return Check.fail(name, v.verifiedFiles() + "/" + v.expectedFiles() + " files verified: "
          + problems, "run " + ModelCache.FETCH_COMMAND + " (cache: " + cache.root() + ")");
    }
    return Check.ok(name, String.format(Locale.ROOT, "%d/%d files verified, %.1f MB, %s",
        v.verifiedFiles(), v.expectedFiles(), v.verifiedBytes() / 1e6, v.dir()));
  }
}
