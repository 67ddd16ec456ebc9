package io.facespark.jobs.cli;

import io.facespark.core.metrics.Calibration;
import io.facespark.core.metrics.Calibration.OperatingPoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code --threshold} as quickstart and watchlist take it: a raw cosine in [-1, 1], or
 * {@code far:<FAR>}, the threshold a calibration measured for that false-accept rate. The
 * calibration is {@code --calibration FILE} when given, else the one shipped for the model version
 * and alignment of the faces in use; either must match those faces.
 */
public record ThresholdOption(String text, Double cosine, Double far) {

  public static final String FAR_PREFIX = "far:";

  /** A threshold ready to apply, and how to say what it means. */
  public record Resolved(double cosine, Calibration calibration, OperatingPoint point) {

    /** One sentence for reports and printed tables: the threshold and, when calibrated, its FAR. */
    public String describe() {
      if (calibration == null) {
        return String.format(Locale.ROOT, "Threshold: cosine >= %.3f (a raw cosine, not a calibrated operating"
            + " point).", cosine);
      }
      return String.format(Locale.ROOT, "Threshold: cosine >= %.3f, the false-match rate %s operating point"
              + " (at most %s pairs of different people accepted, and %.1f%% of pairs of the same person)"
              + " measured over all pairs of %s for %s, faces %s.",
          cosine, Calibration.formatFar(point.far()), oneIn(point.far()), 100 * point.tar(), calibration.dataset(),
          calibration.modelVersion(), alignmentWords(calibration));
    }
  }

  public static ThresholdOption parse(String text) {
    String t = text.trim();
    try {
      if (t.toLowerCase(Locale.ROOT).startsWith(FAR_PREFIX)) {
        double far = Double.parseDouble(t.substring(FAR_PREFIX.length()));
        if (!(far > 0 && far < 1)) {
          throw new NumberFormatException();
        }
        return new ThresholdOption(t, null, far);
      }
      double cosine = Double.parseDouble(t);
      if (!(cosine >= -1 && cosine <= 1)) {
        throw new NumberFormatException();
      }
      return new ThresholdOption(t, cosine, null);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--threshold '" + text + "' is neither a cosine similarity in [-1, 1] nor"
          + " far:<FAR> with a false-accept rate in (0, 1), for example far:1e-3");
    }
  }

  public boolean calibrated() {
    return far != null;
  }

  /**
   * The cosine to apply. For {@code far:} it reads the calibration ({@code file}, or the shipped
   * one) and checks it was measured on faces like these: same model version and alignment. The
   * alignment is only asked for when it is needed (it may cost a pass over a table).
   */
  public Resolved resolve(String modelVersion, Supplier<String> alignment, Path file) {
    if (!calibrated()) {
      return new Resolved(cosine, null, null);
    }
    String faces = alignment.get();
    Calibration calibration;
    if (file != null) {
      calibration = Calibration.read(file);
    } else {
      calibration = Calibration.bundled(modelVersion, faces).orElseThrow(() -> new IllegalArgumentException(
          "--threshold " + text + " needs a calibration of " + modelVersion + " for faces aligned by " + faces
              + ", and none is shipped: run evaluate --protocol all-pairs on labelled faces embedded the same way"
              + " and pass its calibration.json with --calibration, or give a cosine"));
    }
    if (!calibration.modelVersion().equals(modelVersion) || !calibration.alignment().equals(faces)) {
      throw new IllegalArgumentException("the calibration " + (file != null ? file : "shipped") + " is for "
          + calibration.modelVersion() + " with " + calibration.alignment() + " alignment, but the faces are "
          + modelVersion + " with " + faces + " alignment: calibrate this setting with evaluate --protocol all-pairs");
    }
    OperatingPoint point = calibration.at(far);
    return new Resolved(point.threshold(), calibration, point);
  }

  private static String oneIn(double far) {
    return String.format(Locale.ROOT, "1 in %,d", Math.round(1 / far));
  }

  private static String alignmentWords(Calibration c) {
    return switch (c.alignment()) {
      case "landmarks" -> "aligned on their landmarks (embed --detect " + c.detect() + ")";
      case "crop" -> "cut by a fixed crop (embed --detect none)";
      default -> "prepared as " + c.alignment() + " (detect " + c.detect() + ")";
    };
  }
}
