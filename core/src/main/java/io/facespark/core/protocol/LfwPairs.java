package io.facespark.core.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LFW's pair protocol files: {@code pairs.txt} (View 2: header {@code 10 300}, then per fold 300
 * same-person lines {@code name n1 n2} and 300 different-person lines {@code name1 n1 name2 n2}) and
 * {@code pairsDevTrain.txt}/{@code pairsDevTest.txt} (View 1: header {@code N}, N same then N
 * different lines, one fold).
 */
public final class LfwPairs {

  /** One image as the protocol names it: person and 1-based number. */
  public record Image(String person, int number) {
    /** The file as LFW stores it: {@code <person>/<person>_<NNNN>.jpg}. */
    public String relativePath() {
      return person + "/" + String.format("%s_%04d.jpg", person, number);
    }
  }

  /** A pair to verify and whether it shows one person. */
  public record Pair(Image a, Image b, boolean same) {
  }

  private LfwPairs() {
  }

  /** The folds of the file, in order; View 1 files give one fold. */
  public static List<List<Pair>> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read LFW pairs file " + file, e);
    }
    return parse(file.toString(), lines);
  }

  static List<List<Pair>> parse(String name, List<String> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty: expected a header line");
    }
    String[] header = lines.get(0).trim().split("\\s+");
    int folds = header.length == 2 ? Integer.parseInt(header[0]) : 1;
    int perClass = Integer.parseInt(header[header.length - 1]);
    int expected = 1 + folds * 2 * perClass;
    List<String> body = lines.stream().skip(1).filter(l -> !l.isBlank()).toList();
    if (body.size() != expected - 1) {
      throw new IllegalArgumentException(name + ": header '" + lines.get(0).trim() + "' promises "
          + (expected - 1) + " pairs but the file has " + body.size());
    }
    List<List<Pair>> result = new ArrayList<>(folds);
    int at = 0;
    for (int f = 0; f < folds; f++) {
      List<Pair> fold = new ArrayList<>(2 * perClass);
      for (int i = 0; i < 2 * perClass; i++, at++) {
        boolean same = i < perClass;
        fold.add(pair(name, at + 2, body.get(at), same));
      }
      result.add(fold);
    }
    return result;
  }

  private static Pair pair(String name, int lineNumber, String line, boolean same) {
    String[] t = line.trim().split("\\s+");
    try {
      if (same && t.length == 3) {
        return new Pair(new Image(t[0], Integer.parseInt(t[1])), new Image(t[0], Integer.parseInt(t[2])), true);
      }
      if (!same && t.length == 4) {
        return new Pair(new Image(t[0], Integer.parseInt(t[1])), new Image(t[2], Integer.parseInt(t[3])), false);
      }
    } catch (NumberFormatException e) {
      // reported below with the line
    }
    throw new IllegalArgumentException(name + " line " + lineNumber + ": expected a " + (same ? "same-person line"
        + " 'name n1 n2'" : "different-person line 'name1 n1 name2 n2'") + " but found '" + line.trim() + "'");
  }
}
