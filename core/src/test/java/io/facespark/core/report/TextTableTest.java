package io.facespark.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCell() {
    String table = new TextTable("check", "status").add("java", "OK").add("model cache", null).toString();

    assertThat(table).isEqualTo(""
        + "check        status\n"
        + "-----------  ------\n"
        + "java         OK\n"
        + "model cache\n");
  }

  @Test
  void rowWithTheWrongNumberOfCellsIsRefused() {
    TextTable table = new TextTable("a", "b");

    assertThatThrownBy(() -> table.add("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells").hasMessageContaining("2 columns");
  }
}
