package io.facespark.jobs.spark;

import io.facespark.core.platform.NativeBackend;
import io.facespark.udf.FaceFunctions;
import io.facespark.udf.VectorFunction;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way jobs obtain their SparkSession. Whatever {@code spark-submit --conf} or
 * {@code spark-defaults.conf} set always wins; only when no master is configured at all (a plain
 * {@code java -jar} or the launcher's local mode) does the job run on {@code local[*]} bound to
 * loopback, so a laptop with no cluster needs nothing else. In local mode ND4J's native backend
 * is loaded first, on the caller's thread; on a cluster each executor loads it as it starts
 * ({@link NativeBackendPlugin}). The facespark SQL functions
 * ({@code cosine_sim} and friends) are registered on every session.
 */
public final class SparkSessions {

  private SparkSessions() {
  }

  public static SparkSession getOrCreate(String appName) {
    SparkConf configured = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder();
    if (!configured.contains("spark.app.name")) {
      builder.appName(appName);
    }
    if (!configured.contains("spark.master")) {
      builder.master("local[*]")
          .config("spark.driver.host", configured.get("spark.driver.host", "127.0.0.1"))
          .config("spark.driver.bindAddress", configured.get("spark.driver.bindAddress", "127.0.0.1"));
    }
    if (configured.get("spark.master", "local[*]").startsWith("local")) {
      // Tasks then run in this JVM and may use ND4J; its native start-up must not race with the
      // libraries Spark and the tasks load on other threads (see NativeBackend).
      NativeBackend.load();
    } else {
      // The same for each executor of a cluster, before its first task.
      builder.config("spark.plugins", withNativeBackendPlugin(configured.get("spark.plugins", "")));
    }
    SparkSession spark = builder.getOrCreate();
    // Every job's session speaks the same SQL: cosine_sim and the other vector functions (once:
    // re-registering on a shared session only logs warnings).
    if (!Arrays.stream(VectorFunction.values()).allMatch(f -> spark.catalog().functionExists(f.sqlName()))) {
      FaceFunctions.register(spark);
    }
    return spark;
  }

  /** A {@code spark.plugins} list with {@link NativeBackendPlugin} added, unless it names it already. */
  static String withNativeBackendPlugin(String plugins) {
    String plugin = NativeBackendPlugin.class.getName();
    if (Arrays.stream(plugins.split(",")).map(String::trim).anyMatch(plugin::equals)) {
      return plugins;
    }
    return plugins.isBlank() ? plugin : plugins + "," + plugin;
  }
}
