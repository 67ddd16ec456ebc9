package io.facespark.jobs.watchlist;

import java.io.Serializable;
import java.util.Comparator;
import org.apache.spark.unsafe.types.UTF8String;

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

  private static int compareStrings(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    // Java's compareTo orders UTF-16 units, which differs from Spark's byte order above U+D7FF.
    return a.equals(b) ? 0 : UTF8String.fromString(a).compareTo(UTF8String.fromString(b));
  }
}
