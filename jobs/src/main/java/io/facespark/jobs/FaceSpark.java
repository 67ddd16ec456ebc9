package io.facespark.jobs;

import io.facespark.jobs.cli.ConfigFileDefaults;
import io.facespark.jobs.doctor.DoctorCommand;
import io.facespark.jobs.embed.EmbedCommand;
import io.facespark.jobs.evaluate.EvaluateCommand;
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
        "Every option can also come from a properties file given with --config: keys are option",
        "names without dashes, optionally qualified by the job (e.g. 'embed.batch-size=64').",
        "Command-line values win over the file."},
    subcommands = {DoctorCommand.class, EmbedCommand.class, EvaluateCommand.class, WatchlistCommand.class, QuickstartCommand.class,
        TrainCommand.class, ProjectCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'facespark <job> --help' for a job's options. Docs: README.md in the source tree."})
public final class FaceSpark implements Runnable {

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Properties file with default option values (see above).")
  Path config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing job: name one, e.g. 'doctor'.");
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
