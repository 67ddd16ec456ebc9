package io.facespark.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * What a newcomer reads in {@code --help}, and the faults that make it hard to read: lines past 80
 * columns, words cut in two by the wrapper, and sentences broken by a hard line break.
 */
public final class HelpText {

  public static final int WIDTH = 80;

  /** An option too long for the name column: picocli puts its description on the next line. */
  private static final Pattern OPTION_NAME = Pattern.compile("(-\\w, )?--[\\w-]+(=\\S+)?");

  private static final Pattern LAUNCHER_COMMAND = Pattern.compile("\"\\$\\{1:-}\" = ([a-z-]+) ]");

  private HelpText() {
  }

  /** The help of {@code facespark [command]} as printed at {@code width} columns. */
  public static String render(int width, String... command) {
    CommandLine line = FaceSpark.commandLine();
    for (String name : command) {
      line = line.getSubcommands().get(name);
    }
    line.setUsageHelpWidth(width);
    return line.getUsageMessage();
  }

  /** Every command {@code bin/facespark} takes: the jar's subcommands plus those the script runs itself. */
  public static Set<String> launcherCommands(Path launcher) throws java.io.IOException {
    Set<String> names = new LinkedHashSet<>(FaceSpark.commandLine().getSubcommands().keySet());
    Matcher m = LAUNCHER_COMMAND.matcher(Files.readString(launcher));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The commands listed under "Commands:" in a top-level help text. */
  public static Set<String> listedCommands(String help) {
    Set<String> names = new LinkedHashSet<>();
    boolean inCommands = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.isBlank()) {
        break;
      } else if (inCommands && line.matches("  \\S.*")) {
        names.add(line.trim().split("\\s+")[0]);
      }
    }
    return names;
  }

  /** Lines longer than {@link #WIDTH} columns. */
  public static List<String> overlong(String help) {
    return help.lines().filter(l -> l.length() > WIDTH).toList();
  }

  /**
   * Words the 80-column wrapper cut in two: the same help rendered so wide that nothing wraps must
   * have the same words in the same order. Returns the first differing words, or nothing.
   */
  public static List<String> cutWords(String wrapped, String unwrapped) {
    List<String> a = words(wrapped);
    List<String> b = words(unwrapped);
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return List.of("'" + a.get(i) + "' where the text has '" + b.get(i) + "'");
      }
    }
    return a.size() == b.size() ? List.of() : List.of(a.size() + " words wrapped vs " + b.size() + " unwrapped");
  }

  /**
   * Lines of the unwrapped help that stop mid-sentence: with nothing wrapping, every description
   * paragraph is one line, so a line that does not end a sentence was cut by a hard line break
   * (or is a summary cut short). The usage synopsis and section headings are exempt.
   */
  public static List<String> brokenSentences(String unwrapped) {
    List<String> broken = new ArrayList<>();
    for (String line : unwrapped.lines().toList()) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("Usage: ") || text.endsWith(":") || OPTION_NAME.matcher(text).matches()) {
        continue;
      }
      if (!text.endsWith(".")) {
        broken.add(text);
      }
    }
    return broken;
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.strip().split("\\s+")).toList();
  }
}
