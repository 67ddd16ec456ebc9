package io.facespark.core.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own verification pairs: a CSV with a header and three columns, {@code a,b,same}, where
 * {@code a} and {@code b} are image ids or paths exactly as the faces table has them and
 * {@code same} is 1/0 (or true/false). Split into 10 folds by line number (line i goes to fold
 * i mod 10), so the 10-fold procedure gives an honest held-out accuracy; fewer than 20 pairs make
 * one fold.
 */
public final class PairsFile {

  /** A pair named by the keys the faces table is looked up with. */
  public record KeyedPair(String a, String b, boolean same) {
  }

  private PairsFile() {
  }

  public static List<List<KeyedPair>> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pairs file " + file, e);
    }
    List<KeyedPair> pairs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 3) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 3 columns a,b,same but found "
            + cells.length + " in '" + line + "'");
      }
      pairs.add(new KeyedPair(cells[0].trim(), cells[1].trim(), parseSame(file, i + 1, cells[2].trim())));
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(file + " has no pairs below its header");
    }
    int folds = pairs.size() >= 20 ? 10 : 1;
    List<List<KeyedPair>> result = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      result.add(new ArrayList<>());
    }
    for (int i = 0; i < pairs.size(); i++) {
      result.get(i % folds).add(pairs.get(i));
    }
    return result;
  }

  /** LFW's folds in the same keyed form ({@code <person>/<person>_NNNN.jpg}). */
  public static List<List<KeyedPair>> fromLfw(List<List<LfwPairs.Pair>> folds) {
    return folds.stream().map(fold -> fold.stream()
        .map(p -> new KeyedPair(p.a().relativePath(), p.b().relativePath(), p.same())).toList()).toList();
  }

  private static boolean parseSame(Path file, int line, String value) {
    switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "true" -> {
        return true;
      }
      case "0", "false" -> {
        return false;
      }
      default -> throw new IllegalArgumentException(file + " line " + line + ": 'same' must be 1/0 or true/false, got '"
          + value + "'");
    }
  }
}
