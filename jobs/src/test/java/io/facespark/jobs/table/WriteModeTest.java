package io.facespark.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WriteModeTest {

  @Test
  void aModeIsReadWhateverItsCaseAndSpaces() {
    assertThat(WriteMode.parse(" Overwrite ", WriteMode.values())).isEqualTo(WriteMode.OVERWRITE);
    assertThat(WriteMode.parse("append", WriteMode.values())).isEqualTo(WriteMode.APPEND);
  }

  @Test
  void aModeTheJobDoesNotOfferIsRefusedNamingTheOnesItDoes() {
    assertThatThrownBy(() -> WriteMode.parse("append", WriteMode.ERROR, WriteMode.OVERWRITE))
        .hasMessage("--mode must be error or overwrite, got 'append'");
    assertThatThrownBy(() -> WriteMode.parse("merge", WriteMode.values()))
        .hasMessage("--mode must be error, overwrite or append, got 'merge'");
    assertThatThrownBy(() -> WriteMode.parse(null, WriteMode.values()))
        .hasMessage("--mode must be error, overwrite or append, got 'null'");
  }
}
