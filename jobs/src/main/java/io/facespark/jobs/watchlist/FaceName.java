package io.facespark.jobs.watchlist;

import java.io.Serializable;
import java.util.Comparator;

/**
 * A face as the matches table names it (a mean template has only a label). Carried inside the
 * vector blocks, so candidates leave the search already named, and compared on exact score ties:
 * "ties go to the smaller gallery id" without numbering the gallery in a global sort first.
 */
record FaceName(String id, Integer faceIndex, String path, String label) implements Serializable {

  /** As Spark sorts (image_id, face_index, path) ascending: strings by UTF-8 bytes, NULLs first. */
  static final Comparator<FaceName> BY_FACE = Comparator.comparing(FaceName::id, FaceName::compareStrings)
      .thenComparing(FaceName::faceIndex, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(FaceName::path, FaceName::compareStrings);

  /** Identities first (the ranked entry), then the face within one. */
  static final Comparator<FaceName> BY_LABEL = Comparator.comparing(FaceName::label, FaceName::compareStrings)
      .thenComparing(BY_FACE);

  static Comparator<FaceName> order(boolean byLabel) {
    return byLabel ? BY_LABEL : BY_FACE;
  }

  /** Spark's string order (UTF-8 bytes, which is code point order), without encoding either string. */
  static int compareStrings(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // UTF-16 units order as code points except a surrogate (a code point above U+FFFF)
        // against U+E000..U+FFFF, where the unit is smaller but the code point larger.
        if (Character.isSurrogate(x) != Character.isSurrogate(y) && Math.max(x, y) >= 0xE000) {
          return Character.isSurrogate(x) ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
