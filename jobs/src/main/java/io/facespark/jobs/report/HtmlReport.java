package io.facespark.jobs.report;

import io.facespark.core.report.TextTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report: tables and PNGs inlined as data URIs, so the one file can be
 * mailed, archived or opened offline.
 */
public final class HtmlReport {

  private final String title;
  private final StringBuilder body = new StringBuilder();

  public HtmlReport(String title) {
    this.title = title;
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  public HtmlReport heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  public HtmlReport table(Map<String, ?> keyValues) {
    List<List<String>> rows = new ArrayList<>();
    keyValues.forEach((k, v) -> rows.add(List.of(k, v == null ? "n/a" : String.valueOf(v))));
    return table(List.of("", ""), rows);
  }

  public HtmlReport table(List<String> header, List<List<String>> rows) {
    return cells(header, rows.stream().map(row -> row.stream().map(Cell::text).toList()).toList());
  }

  /** A table cell: text, or an inline PNG with a caption under it. */
  public record Cell(String text, byte[] png) {

    public static Cell text(String text) {
      return new Cell(text, null);
    }

    public static Cell png(byte[] png, String caption) {
      return new Cell(caption, png);
    }
  }

  /** A table whose cells may be pictures (face thumbnails). */
  public HtmlReport cells(List<String> header, List<List<Cell>> rows) {
    body.append("<table>\n<tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<Cell> row : rows) {
      body.append("<tr>");
      for (Cell cell : row) {
        body.append("<td>");
        if (cell.png() != null) {
          body.append("<img alt=\"").append(escape(cell.text())).append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(cell.png())).append("\"><br>");
        }
        body.append(escape(cell.text())).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  public HtmlReport image(Path png, String alt) throws IOException {
    body.append("<figure><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png)))
        .append("\"><figcaption>").append(escape(alt)).append("</figcaption></figure>\n");
    return this;
  }

  public HtmlReport preformatted(TextTable table) {
    body.append("<pre>").append(escape(table.toString())).append("</pre>\n");
    return this;
  }

  /** The report's content without the page around it, for inline display (notebooks). */
  public String fragment() {
    return "<h3>" + escape(title) + "</h3>\n" + body;
  }

  public void write(Path file) throws IOException {
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}"
        + "img{max-width:100%}figcaption{color:#555;font-size:90%}</style></head>\n<body>\n<h1>" + escape(title)
        + "</h1>\n" + body + "</body></html>\n";
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
