package io.facespark.core.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * LFW's {@code people.txt} (View 2): the person-disjoint folds that match {@code pairs.txt}, for
 * training on nine folds' people and testing on the tenth's pairs ("labeled outside data").
 * Format: the number of folds, then per fold a count and that many {@code name<TAB>images} lines.
 */
public final class LfwPeople {

  private LfwPeople() {
  }

  /** Each fold's person names, in file order. */
  public static List<Set<String>> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read LFW people file " + file, e);
    }
    return parse(file.toString(), lines);
  }

  static List<Set<String>> parse(String name, List<String> lines) {
    int at = 0;
    try {
      int folds = Integer.parseInt(lines.get(at++).trim());
      List<Set<String>> result = new ArrayList<>(folds);
      for (int f = 0; f < folds; f++) {
        int count = Integer.parseInt(lines.get(at++).trim());
        Set<String> people = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
          String[] t = lines.get(at++).trim().split("\\s+");
          if (t.length != 2) {
            throw new IllegalArgumentException(name + " line " + at + ": expected 'name images', got '" + lines.get(at - 1) + "'");
          }
          people.add(t[0]);
        }
        result.add(people);
      }
      if (at != lines.size()) {
        throw new IllegalArgumentException(name + ": " + (lines.size() - at) + " lines after the last fold");
      }
      return result;
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(name + " ends early, at line " + at + ": a fold promised more people");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " line " + at + ": expected a count, " + e.getMessage());
    }
  }
}
