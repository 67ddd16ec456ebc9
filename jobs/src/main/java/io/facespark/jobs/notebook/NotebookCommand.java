package io.facespark.jobs.notebook;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code facespark notebook}: listed here so that {@code --help} shows every command the launcher
 * takes. It is not a Spark job: {@code bin/facespark} hands it to {@code bin/lib/notebook.sh}
 * before any JVM starts, so this class only runs when someone calls the jar directly.
 */
@Command(name = "notebook", mixinStandardHelpOptions = true,
    description = {
        "Starts Jupyter on notebooks/ with the project's Java kernel (launcher only).",
        "bin/facespark runs it, not the jar: see 'bin/facespark notebook --help' for its options"
            + " (--kernel-only, --execute). Jupyter itself comes from Debian packages: bin/install-jupyter."})
public final class NotebookCommand implements Callable<Integer> {

  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    throw new IllegalArgumentException("notebook starts Jupyter, not a Spark job: run it with bin/facespark"
        + " notebook from a checkout (see bin/facespark notebook --help)");
  }
}
