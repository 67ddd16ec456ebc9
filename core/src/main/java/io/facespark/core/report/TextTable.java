package io.facespark.core.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals and logs: the doctor's checks, job summaries, benchmark
 * results. Columns are as wide as their widest cell; numbers are the caller's to format.
 */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.of(header);
  }

  /** Adds a row; {@code null} cells print empty. */
  public TextTable add(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells but the table has "
          + header.size() + " columns " + header);
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "" : String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  @Override
  public String toString() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, header, widths);
    String[] rules = new String[widths.length];
    for (int c = 0; c < widths.length; c++) {
      rules[c] = "-".repeat(widths[c]);
    }
    appendRow(out, Arrays.asList(rules), widths);
    for (List<String> row : rows) {
      appendRow(out, row, widths);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      line.append(cells.get(c));
      line.append(" ".repeat(widths[c] - cells.get(c).length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
