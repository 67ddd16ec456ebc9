package io.facespark.jobs.table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a job does when its output table already exists. */
public enum WriteMode {
  /** Refuse before any work if the output exists (the default: nothing is clobbered by accident). */
  ERROR,
  /** Replace the whole table: the new one is written aside and swapped in when complete. */
  OVERWRITE,
  /** Add rows; inputs already present in the table are skipped, so a rerun adds nothing twice. */
  APPEND;

  /** {@code --mode}'s value, one of {@code allowed} (a job that cannot append does not offer it). */
  public static WriteMode parse(String text, WriteMode... allowed) {
    List<WriteMode> modes = Arrays.asList(allowed);
    for (WriteMode mode : modes) {
      if (text != null && mode.name().equalsIgnoreCase(text.trim())) {
        return mode;
      }
    }
    List<String> names = modes.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList();
    String choices = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    throw new IllegalArgumentException("--mode must be " + choices + ", got '" + text + "'");
  }
}
