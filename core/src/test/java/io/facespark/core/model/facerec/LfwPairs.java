package io.facespark.core.model.facerec;

import io.facespark.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An LFW View 1 pairs file ({@code pairsDevTrain.txt}, {@code pairsDevTest.txt}): a count line,
 * then that many "same" lines {@code name n1 n2} and as many "different" lines
 * {@code name1 n1 name2 n2}.
 */
record LfwPairs(List<Pair> pairs) {

  record Image(String person, int number) {
    Path path() {
      return TestData.lfwImage(person, number);
    }
  }

  record Pair(Image a, Image b, boolean same) {
  }

  static LfwPairs read(String fileName) {
    Path file = TestData.lfwDir().resolve(fileName);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read LFW pairs file " + file, e);
    }
    int n = Integer.parseInt(lines.get(0).trim());
    List<Pair> pairs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length == 3) {
        pairs.add(new Pair(new Image(f[0], Integer.parseInt(f[1])), new Image(f[0], Integer.parseInt(f[2])), true));
      } else if (f.length == 4) {
        pairs.add(new Pair(new Image(f[0], Integer.parseInt(f[1])), new Image(f[2], Integer.parseInt(f[3])), false));
      } else if (!lines.get(i).isBlank()) {
        throw new IllegalStateException(file + " line " + (i + 1) + ": cannot parse '" + lines.get(i) + "'");
      }
    }
    if (pairs.size() != 2 * n) {
      throw new IllegalStateException(file + ": header says " + n + " same + " + n + " different pairs, found "
          + pairs.size());
    }
    return new LfwPairs(pairs);
  }

  Set<Image> images() {
    Set<Image> images = new LinkedHashSet<>();
    for (Pair pair : pairs) {
      images.add(pair.a());
      images.add(pair.b());
    }
    return images;
  }
}
