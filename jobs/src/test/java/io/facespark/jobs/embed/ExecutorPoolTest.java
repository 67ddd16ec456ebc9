package io.facespark.jobs.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ExecutorPoolTest {

  private final AtomicInteger built = new AtomicInteger();
  private final Supplier<String> build = () -> "net-" + built.incrementAndGet();

  @Test
  void aReturnedObjectIsLentAgainInsteadOfBuildingAnother() {
    ExecutorPool<String> pool = new ExecutorPool<>();
    String first = pool.borrow("v1", build);
    pool.release("v1", first);

    assertThat(pool.borrow("v1", build)).isSameAs(first);
    assertThat(built).hasValue(1);
  }

  @Test
  void keysDoNotShareObjects() {
    ExecutorPool<String> pool = new ExecutorPool<>();
    pool.release("v1", pool.borrow("v1", build));

    assertThat(pool.borrow("v2", build)).isEqualTo("net-2");
  }

  @Test
  void theDriversObjectIsKeptOnceAndDroppedWhenEarlierRunsFilledThePool() {
    ExecutorPool<String> pool = new ExecutorPool<>();
    // First run in this JVM: the driver's model joins, then two tasks at once.
    assertThat(pool.adopt("v1", "driver-1")).isTrue();
    List<String> out = new ArrayList<>(List.of(pool.borrow("v1", build), pool.borrow("v1", build)));
    assertThat(out).containsExactly("driver-1", "net-1");
    out.forEach(o -> pool.release("v1", o));
    assertThat(pool.held("v1")).isEqualTo(2);

    // Each later run builds another driver model; the pool already holds what two tasks need.
    for (int run = 2; run <= 5; run++) {
      assertThat(pool.adopt("v1", "driver-" + run)).as("run %d", run).isFalse();
      String a = pool.borrow("v1", build);
      String b = pool.borrow("v1", build);
      pool.release("v1", a);
      pool.release("v1", b);
    }
    assertThat(pool.held("v1")).isEqualTo(2);
    assertThat(built).as("networks built by tasks").hasValue(1);
  }

  @Test
  void aWiderRunGrowsThePoolToWhatItLentAtOnce() {
    ExecutorPool<String> pool = new ExecutorPool<>();
    pool.release("v1", pool.borrow("v1", build));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(pool.borrow("v1", build));
    }
    out.forEach(o -> pool.release("v1", o));

    assertThat(pool.held("v1")).isEqualTo(3);
    assertThat(pool.adopt("v1", "driver")).isFalse();
  }

  @Test
  void aFailedBuildLendsNothing() {
    ExecutorPool<String> pool = new ExecutorPool<>();
    assertThatThrownBy(() -> pool.borrow("v1", () -> {
      throw new IllegalStateException("corrupt model");
    })).hasMessage("corrupt model");

    assertThat(pool.held("v1")).isZero();
    assertThat(pool.adopt("v1", "driver")).as("room for one, as before any run").isTrue();
  }
}
