package io.facespark.jobs.watchlist;

import io.facespark.core.vector.TopK;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The named top-K lists of one probe block against some of the gallery: what crosses the shuffle,
 * at most K candidates per probe per gallery block. Lists from different gallery blocks merge by
 * score, and on an exact tie by the gallery names ({@link FaceName#order}), the same order the
 * blocks' own top-K used inside each block; so the result does not depend on the blocking.
 */
final class ProbeTops implements Serializable {

  private static final long serialVersionUID = 2L;

  // Written by hand (writeObject): default serialization of a million small records is the
  // slowest part of the shuffle.
  transient FaceName[] probes;
  transient float[][] scores;
  transient FaceName[][] gallery;

  private ProbeTops(FaceName[] probes, float[][] scores, FaceName[][] gallery) {
    this.probes = probes;
    this.scores = scores;
    this.gallery = gallery;
  }

  /** {@code tops[i]}: probe i of {@code probes} against {@code galleryBlock}, in that block's ordinals. */
  static ProbeTops of(FaceBlock probes, FaceBlock galleryBlock, TopK[] tops) {
    float[][] scores = new float[tops.length][];
    FaceName[][] named = new FaceName[tops.length][];
    for (int i = 0; i < tops.length; i++) {
      scores[i] = new float[tops[i].size()];
      named[i] = new FaceName[tops[i].size()];
      for (int r = 0; r < tops[i].size(); r++) {
        scores[i][r] = tops[i].score(r);
        named[i][r] = galleryBlock.names()[tops[i].row(r)];
      }
    }
    return new ProbeTops(probes.names(), scores, named);
  }

  /**
   * Merges {@code other} (the same probes against other gallery blocks) into this. {@code byLabel}:
   * identities are ranked; {@code distinctEntries}: each identity once, at its best face.
   */
  ProbeTops merge(ProbeTops other, int k, boolean byLabel, boolean distinctEntries) {
    Comparator<FaceName> order = FaceName.order(byLabel);
    for (int p = 0; p < probes.length; p++) {
      float[] sa = scores[p];
      float[] sb = other.scores[p];
      FaceName[] ga = gallery[p];
      FaceName[] gb = other.gallery[p];
      float[] s = new float[Math.min(k, sa.length + sb.length)];
      FaceName[] g = new FaceName[s.length];
      int n = 0;
      int i = 0;
      int j = 0;
      while (n < s.length && (i < sa.length || j < sb.length)) {
        boolean fromA = j == sb.length || i < sa.length && before(sa[i], ga[i], sb[j], gb[j], order);
        float score = fromA ? sa[i] : sb[j];
        FaceName name = fromA ? ga[i++] : gb[j++];
        // Each list holds an identity once at most, at its best; the first seen here is the better.
        if (distinctEntries && holdsLabel(g, n, name.label())) {
          continue;
        }
        s[n] = score;
        g[n++] = name;
      }
      scores[p] = Arrays.copyOf(s, n);
      gallery[p] = Arrays.copyOf(g, n);
    }
    return this;
  }

  private static boolean before(float a, FaceName nameA, float b, FaceName nameB, Comparator<FaceName> order) {
    int byScore = Float.compare(a, b);
    return byScore != 0 ? byScore > 0 : order.compare(nameA, nameB) < 0;
  }

  private static boolean holdsLabel(FaceName[] names, int n, String label) {
    for (int i = 0; i < n; i++) {
      if (names[i].label().equals(label)) {
        return true;
      }
    }
    return false;
  }
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(probes.length);
    for (int p = 0; p < probes.length; p++) {
      write(out, probes[p]);
      out.writeInt(scores[p].length);
      for (int r = 0; r < scores[p].length; r++) {
        out.writeFloat(scores[p][r]);
        write(out, gallery[p][r]);
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    probes = new FaceName[in.readInt()];
    scores = new float[probes.length][];
    gallery = new FaceName[probes.length][];
    for (int p = 0; p < probes.length; p++) {
      probes[p] = readName(in);
      scores[p] = new float[in.readInt()];
      gallery[p] = new FaceName[scores[p].length];
      for (int r = 0; r < scores[p].length; r++) {
        scores[p][r] = in.readFloat();
        gallery[p][r] = readName(in);
      }
    }
  }

  private static void write(ObjectOutputStream out, FaceName name) throws IOException {
    writeText(out, name.id());
    out.writeInt(name.faceIndex() == null ? Integer.MIN_VALUE : name.faceIndex());
    out.writeBoolean(name.faceIndex() == null);
    writeText(out, name.path());
    writeText(out, name.label());
  }

  private static FaceName readName(ObjectInputStream in) throws IOException {
    String id = readText(in);
    int faceIndex = in.readInt();
    boolean noFaceIndex = in.readBoolean();
    return new FaceName(id, noFaceIndex ? null : faceIndex, readText(in), readText(in));
  }

  private static void writeText(ObjectOutputStream out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
    }
  }

  private static String readText(ObjectInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
