package io.facespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]} on loopback, UI off, Hive support with an
 * embedded Derby metastore in a temporary directory. Started on first use, stopped at JVM exit.
 */
public final class SharedSpark {

  private static SparkSession session;
  private static Path workDir;

  private SharedSpark() {
  }

  public static synchronized SparkSession session() {
    if (session == null) {
      session = start();
      Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::stop, "stop-test-spark"));
    }
    return session;
  }

  /** A scratch directory that lives as long as the session (warehouse, metastore, tables). */
  public static synchronized Path workDir() {
    session();
    return workDir;
  }

  private static SparkSession start() {
    try {
      workDir = Files.createTempDirectory("facespark-test-spark");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Derby writes derby.log and its system files here rather than in the module directory.
    System.setProperty("derby.system.home", workDir.toString());
    return SparkSession.builder()
        .master("local[2]")
        .appName("facespark-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", workDir.resolve("warehouse").toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + workDir.resolve("metastore_db") + ";create=true")
        .enableHiveSupport()
        .getOrCreate();
  }

  private static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
