package io.facespark.jobs;

import io.facespark.jobs.cli.ConfigFileDefaults;
import io.facespark.jobs.doctor.DoctorCommand;
import io.facespark.jobs.embed.EmbedCommand;
import io.facespark.jobs.evaluate.EvaluateCommand;
import io.facespark.jobs.notebook.NotebookCommand;
import io.facespark.jobs.quickstart.QuickstartCommand;
import io.facespark.jobs.train.ProjectCommand;
import io.facespark.jobs.train.TrainCommand;
import io.facespark.jobs.watchlist.WatchlistCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The single entry point of the jobs jar: one picocli subcommand per job. {@code bin/facespark}
 * runs it on an embedded local Spark; {@code spark-submit --class io.facespark.jobs.FaceSpark} runs
 * it on a cluster.
 */
@Command(name = "facespark",
    mixinStandardHelpOptions = true,
    versionProvider = FaceSparkVersion.class,
    description = {
        "Face identification at scale as Spark batch jobs.",
        "",
        "Every option can also come from a properties file given with --config: keys are option names"
            + " without dashes, optionally qualified by the job (for example batch-size, or for one job"
            + " embed.batch-size). Command-line values win over the file."},
    subcommands = {QuickstartCommand.class, DoctorCommand.class, EmbedCommand.class, EvaluateCommand.class,
        WatchlistCommand.class, TrainCommand.class, ProjectCommand.class, NotebookCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"",
        "Run 'facespark <command> --help' for a command's options.",
        "bin/facespark also takes Spark's options before the command (--master, --deploy-mode, --conf,"
            + " --name, --driver-memory, --executor-memory, --executor-cores, --total-executor-cores,"
            + " --num-executors); without --master it runs the job on an embedded local Spark.",
        "Docs: README.md in the source tree."})
public final class FaceSpark implements Runnable {

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Properties file with default option values (see above).")
  Path config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: name one, for example 'quickstart'.");
  }

  /** Builds the command line with config-file defaults applied; exposed for tests. */
  public static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(new FaceSpark());
    ConfigFileDefaults.fromArgs(args).ifPresent(commandLine::setDefaultValueProvider);
    commandLine.setExecutionExceptionHandler(FaceSpark::reportFailure);
    return commandLine;
  }

  /**
   * Configuration mistakes (IllegalArgumentException: a missing path, a bad option, a model
   * mismatch) print one line naming the problem and the fix, exit 2; anything else is a bug or an
   * environment failure and keeps its stack trace, exit 1.
   */
  private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof IllegalArgumentException) {
      err.println(commandLine.getCommandName() + ": error: " + e.getMessage());
      err.flush();
      return 2;
    }
    err.println(commandLine.getCommandName() + ": failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }
}
