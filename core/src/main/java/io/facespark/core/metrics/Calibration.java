package io.facespark.core.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Operating points of one model and alignment, measured over all pairs of a labelled data set:
 * the score threshold whose false-accept rate (FAR) on that data is at most 1e-2, 1e-3 and 1e-4,
 * and the true-accept rate (TAR) it keeps. {@code evaluate --protocol all-pairs} writes one as
 * {@code calibration.json}; the ones shipped with the project (for the bundled model) live under
 * {@value #BUNDLED} and are read by {@code --threshold far:<FAR>}.
 *
 * <p>A threshold is only as good as the match between the calibration's setting and the faces it
 * is applied to: same {@code modelVersion}, same {@code alignment}, similar photos. Lookups check
 * the first two; the third is the user's call, so the data set is named in the file.
 */
public record Calibration(String model, String modelVersion, String alignment, String detect, String dataset,
                          String facesTable, long labelledFaces, long genuinePairs, long impostorPairs,
                          double binWidth, List<OperatingPoint> operatingPoints) {

  /** The FARs every calibration states. */
  public static final List<Double> FARS = List.of(1e-2, 1e-3, 1e-4);

  /** Classpath folder of the shipped calibrations: {@code <model_version>/<alignment>.json}. */
  public static final String BUNDLED = "/io/facespark/core/calibration/";

  /** Accepting scores at or above {@code threshold} gave at most {@code far} and kept {@code tar}. */
  public record OperatingPoint(double far, double threshold, double tar) {
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public Calibration {
    operatingPoints = List.copyOf(operatingPoints);
  }

  /** The operating points of {@link #FARS} on an all-pairs ROC; a FAR the data cannot resolve is left out. */
  public static List<OperatingPoint> operatingPoints(Roc roc) {
    List<OperatingPoint> points = new ArrayList<>();
    for (double far : FARS) {
      if (roc.resolves(far)) {
        Roc.Point point = roc.operatingPoint(far);
        points.add(new OperatingPoint(far, point.threshold(), point.tar()));
      }
    }
    return points;
  }

  /** The operating point at exactly this FAR, or a one-line error naming the FARs this file has. */
  public OperatingPoint at(double far) {
    for (OperatingPoint point : operatingPoints) {
      if (point.far() == far) {
        return point;
      }
    }
    throw new IllegalArgumentException("the calibration of " + modelVersion + " (" + dataset + ") has no threshold"
        + " at FAR " + formatFar(far) + "; it has " + operatingPoints.stream().map(p -> "far:" + formatFar(p.far()))
        .toList());
  }

  /** {@code 1e-3}, as the option is written. */
  public static String formatFar(double far) {
    String text = String.format(Locale.ROOT, "%.0e", far);
    return text.replace("e-0", "e-").replace("e+0", "e");
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static Calibration read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no calibration file at " + file
          + ": evaluate --protocol all-pairs writes one (calibration.json in its --report directory)");
    }
    try {
      return JSON.readValue(file.toFile(), Calibration.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a calibration file written by evaluate: " + e.getMessage(), e);
    }
  }

  /** The shipped calibration of a model version and alignment, if the project has one. */
  public static Optional<Calibration> bundled(String modelVersion, String alignment) {
    try (InputStream in = Calibration.class.getResourceAsStream(BUNDLED + modelVersion + "/" + alignment + ".json")) {
      return in == null ? Optional.empty() : Optional.of(JSON.readValue(in, Calibration.class));
    } catch (IOException e) {
      throw new UncheckedIOException("the shipped calibration of " + modelVersion + " is unreadable", e);
    }
  }
}
