package io.facespark.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeFloatsTest {

  @Test
  void anArrayHoldsTheValuesInCOrder() {
    float[] values = {1, 2, 3, 4, 5, 6};
    INDArray array = NativeFloats.array(values, 1, 2, 3);
    assertThat(array.shape()).containsExactly(1, 2, 3);
    assertThat(array.getFloat(0, 1, 0)).isEqualTo(4f);
    assertThat(array).isEqualTo(Nd4j.create(values, new long[] {1, 2, 3}, 'c'));
    assertThat(NativeFloats.values(array)).containsExactly(values);
  }

  @Test
  void valuesOfAViewOrAnotherOrderAreItsOwnInCOrder() {
    INDArray matrix = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
    assertThat(NativeFloats.values(matrix.transpose())).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(NativeFloats.values(matrix.getRow(1))).containsExactly(4, 5, 6);
    assertThat(NativeFloats.values(matrix.dup('f'))).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void valuesThatDoNotFillTheShapeOrAViewTargetAreRefused() {
    assertThatThrownBy(() -> NativeFloats.array(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("5 values do not fill shape [2, 3]");
    INDArray matrix = Nd4j.zeros(2, 3);
    assertThatThrownBy(() -> NativeFloats.into(matrix.getRow(0), new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(a view)");
  }

  @Test
  void aSliceIsReadAndWrittenAtItsOffset() {
    INDArray batch = NativeFloats.array(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    float[] second = new float[4];
    NativeFloats.read(batch, 4, second);
    assertThat(second).containsExactly(5, 6, 7, 8);
    NativeFloats.write(batch, 2, new float[] {-1, -2, -3});
    assertThat(NativeFloats.values(batch)).containsExactly(1, 2, -1, -2, -3, 6, 7, 8);
  }

  @Test
  void aSliceOutsideTheArrayOrOfAViewIsRefused() {
    INDArray batch = Nd4j.zeros(2, 3);
    assertThatThrownBy(() -> NativeFloats.read(batch, 4, new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("values 4 to 7 are outside an array of 6");
    assertThatThrownBy(() -> NativeFloats.write(batch, -1, new float[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("values -1 to 0 are outside an array of 6");
    assertThatThrownBy(() -> NativeFloats.read(batch.getRow(1), 0, new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(a view)");
    assertThat(NativeFloats.dense(batch)).isSameAs(batch);
    assertThat(NativeFloats.dense(batch.getRow(1)).isView()).isFalse();
  }
}
