package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SparkTestBase;
import java.lang.reflect.Modifier;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What PySpark's {@code spark.udf.registerJavaFunction(name, className, type)} needs from a class:
 * public, a public no-argument constructor, and UDF1/UDF2 matching the function's arity.
 */
class JavaUdfClassesTest extends SparkTestBase {

  @BeforeAll
  static void registerFunctions() {
    CallPath.registerAll(spark);
  }

  @Test
  void everyFunctionHasAnInstantiableUdfOfTheRightArity() throws Exception {
    for (VectorFunction function : VectorFunction.values()) {
      Class<?> udf = Class.forName(function.javaUdfClassName());
      assertThat(Modifier.isPublic(udf.getModifiers())).as("%s is public", udf).isTrue();
      Object instance = udf.getDeclaredConstructor().newInstance();
      Class<?> expected = function.arity() == 1 ? UDF1.class : UDF2.class;
      assertThat(instance).as("%s implements %s", udf, expected.getSimpleName())
          .isInstanceOf(expected);
    }
  }

  @Test
  void nonFloatingArraysAreRejectedWithTheFunctionName() {
    VectorFunctionTestBase.assertFailsWith(
        () -> sql("SELECT cosine_sim_java(array('a'), array('b'))"),
        "cosine_sim expects array<float> or array<double>", "CAST(");
  }
}
