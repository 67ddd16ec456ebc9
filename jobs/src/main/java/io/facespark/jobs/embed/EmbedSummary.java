package io.facespark.jobs.embed;

import io.facespark.core.report.TextTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-of-job accounting: every file seen is either an image with faces or a reject. Also what
 * the listing did not follow (directory links that would list images again) and what image
 * decoders warned about in images they still decoded, which native libraries would otherwise
 * print to the executors' stderr.
 */
record EmbedSummary(long files, long skipped, long faceRows, long imagesWithFaces, long cropFallbacks,
                    Map<String, Long> rejectsByStage, Map<String, Long> facesByPass, List<String> skippedLinks,
                    long imagesWithWarnings, long warnings, String firstWarning, double seconds) {

  /** Links beyond this many are counted, not listed. */
  private static final int LINKS_SHOWN = 20;

  /** {@code detecting}: rows without a detector score are then --no-face crop fallbacks. */
  static EmbedSummary of(EmbedTally tally, boolean detecting, long files, long skipped, List<String> skippedLinks,
                         double seconds) {
    return new EmbedSummary(files, skipped, tally.faceRows, tally.imagesWithFaces,
        detecting ? tally.unscoredFaces : 0, tally.rejectsByStage, tally.facesByPass, skippedLinks,
        tally.imagesWithWarnings, tally.warnings, tally.firstWarning, seconds);
  }

  long rejects() {
    return rejectsByStage.values().stream().mapToLong(Long::longValue).sum();
  }

  boolean reconciles() {
    return imagesWithFaces + rejects() == files;
  }

  String table(String modelVersion, String facesTable, String rejectsTable) {
    TextTable table = new TextTable("embed", "value");
    table.add("model", modelVersion);
    table.add("files seen", files);
    if (skipped > 0) {
      table.add("skipped (already in the tables)", skipped);
    }
    table.add("images with faces", imagesWithFaces);
    table.add("face rows written", faceRows);
    facesByPass.forEach((pass, count) -> table.add("  found by the " + pass + " pass", count));
    if (cropFallbacks > 0) {
      table.add("  no face found: fixed crop", cropFallbacks);
    }
    table.add("rejects", rejects());
    rejectsByStage.forEach((stage, count) -> table.add("  rejected at " + stage, count));
    if (imagesWithWarnings > 0) {
      table.add("images with decoder warnings", imagesWithWarnings + " (" + warnings + " warnings; embedded)");
      table.add("  first", firstWarning);
    }
    if (!skippedLinks.isEmpty()) {
      table.add("directory links not followed", skippedLinks.size());
      skippedLinks.stream().limit(LINKS_SHOWN).forEach(link -> table.add("  skipped", link));
      if (skippedLinks.size() > LINKS_SHOWN) {
        table.add("  skipped", "... and " + (skippedLinks.size() - LINKS_SHOWN) + " more");
      }
    }
    table.add("wall time", String.format(Locale.ROOT, "%.1f s", seconds));
    table.add("images/s", String.format(Locale.ROOT, "%.1f", files / Math.max(seconds, 1e-9)));
    table.add("faces table", facesTable);
    table.add("rejects table", rejectsTable);
    return table.toString();
  }
}
