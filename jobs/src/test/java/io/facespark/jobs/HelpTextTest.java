package io.facespark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.jobs.launcher.Launcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every --help text reads cleanly at 80 columns: no line longer, no word cut by the wrapper, no
 * sentence broken by a hard line break, and the top-level help names every launcher command.
 */
class HelpTextTest {

  private static final int UNWRAPPED = 2000;

  static Stream<List<String>> helpTexts() {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of());
    FaceSpark.commandLine().getSubcommands().keySet().forEach(name -> commands.add(List.of(name)));
    return commands.stream();
  }

  @ParameterizedTest(name = "facespark {0} --help")
  @MethodSource("helpTexts")
  void wrapsCleanlyAtEightyColumns(List<String> command) {
    String[] path = command.toArray(new String[0]);
    String wrapped = HelpText.render(HelpText.WIDTH, path);
    String unwrapped = HelpText.render(UNWRAPPED, path);

    assertThat(HelpText.overlong(wrapped)).as("lines over 80 columns in:%n%s", wrapped).isEmpty();
    assertThat(HelpText.cutWords(wrapped, unwrapped))
        .as("words cut by the wrapper (picocli breaks long tokens after '.', ',' or ':'; reword or add a"
            + " space) in:%n%s", wrapped)
        .isEmpty();
    assertThat(HelpText.brokenSentences(unwrapped))
        .as("paragraphs that stop mid-sentence (a hard line break inside a description, or a summary that"
            + " is not a whole sentence) in:%n%s", unwrapped)
        .isEmpty();
  }

  @Test
  void topLevelHelpNamesEveryLauncherCommand() throws Exception {
    String help = HelpText.render(HelpText.WIDTH);

    assertThat(HelpText.listedCommands(help))
        .as("commands in 'facespark --help':%n%s", help)
        .containsAll(HelpText.launcherCommands(Launcher.ROOT.resolve("bin/facespark")))
        .contains("notebook");
  }
}
