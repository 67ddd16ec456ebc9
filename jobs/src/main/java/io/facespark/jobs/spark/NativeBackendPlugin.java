package io.facespark.jobs.spark;

import io.facespark.core.platform.NativeBackend;
import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native backend in each cluster executor as it starts, before it runs any task.
 * Otherwise the first tasks of a fresh executor load it themselves, concurrently with whatever
 * libraries their neighbours load, the race {@link NativeBackend} explains (a hang with no CPU use).
 * {@link SparkSessions} adds it to every session on a cluster master.
 */
public final class NativeBackendPlugin implements SparkPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(NativeBackendPlugin.class);

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext context, Map<String, String> extraConf) {
        try {
          NativeBackend.load();
          LOG.info("ND4J native backend loaded on {} before any task of executor {}", NativeBackend.loadedOn(),
              context.executorID());
        } catch (RuntimeException | LinkageError e) {
          // An executor whose init throws is lost and relaunched, again and again, with no task
          // error to stop the job. Left to the tasks, the failure ends the job as a task error; the
          // full cause is logged here.
          LOG.warn("ND4J native backend failed to load at the start of executor {}; its tasks will fail when they"
              + " use it", context.executorID(), e);
        }
      }
    };
  }
}
