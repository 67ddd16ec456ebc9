package io.facespark.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a {@code --config} properties file, so every job option can live in a file
 * that cron or Airflow passes. Keys are the option's longest name without dashes; a key qualified
 * by the job name ({@code embed.batch-size}) beats a plain one ({@code batch-size}).
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {

  private final Path file;
  private final Properties properties;

  ConfigFileDefaults(Path file, Properties properties) {
    this.file = file;
    this.properties = properties;
  }

  /** Loads the file named by {@code --config FILE} / {@code --config=FILE} in the arguments, if any. */
  public static Optional<ConfigFileDefaults> fromArgs(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Optional.of(load(Paths.get(args[i + 1])));
      }
      if (args[i].startsWith("--config=")) {
        return Optional.of(load(Paths.get(args[i].substring("--config=".length()))));
      }
    }
    return Optional.empty();
  }

  static ConfigFileDefaults load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file.toAbsolutePath() + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file.toAbsolutePath(), e);
    }
    return new ConfigFileDefaults(file, properties);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!argSpec.isOption()) {
      return null;
    }
    String name = ((OptionSpec) argSpec).longestName().replaceFirst("^-+", "");
    if (name.equals("config")) {
      return null;
    }
    String job = argSpec.command().name();
    String qualified = properties.getProperty(job + "." + name);
    return qualified != null ? qualified : properties.getProperty(name);
  }

  @Override
  public String toString() {
    return "config file " + file;
  }
}
