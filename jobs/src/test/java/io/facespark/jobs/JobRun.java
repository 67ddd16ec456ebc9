package io.facespark.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One job run in-process, as {@code bin/facespark <job> ...} would run it: exit code and everything printed. */
public record JobRun(int exitCode, String output) {

  public static JobRun of(String job, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = job;
    System.arraycopy(args, 0, all, 1, args.length);
    picocli.CommandLine commandLine = FaceSpark.commandLine(all);
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(all);
    return new JobRun(code, out + err.toString());
  }
}
