package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code facespark-functions.sql}: one CREATE FUNCTION line per catalogued function, no more. */
class FunctionsSqlResourceTest {

  @Test
  void createsEveryFunctionWithItsHiveClass() throws IOException {
    List<String> statements = statements();
    assertThat(statements).as("one statement per function")
        .hasSize(VectorFunction.values().length);
    for (VectorFunction function : VectorFunction.values()) {
      assertThat(statements).as("%s", function.sqlName()).contains("CREATE FUNCTION "
          + function.sqlName() + " AS '" + function.hiveUdfClassName()
          + "' USING JAR 'hdfs:///libs/facespark-udf.jar';");
    }
  }

  /** The non-comment lines of the resource. */
  static List<String> statements() throws IOException {
    try (InputStream in = FunctionsSqlResourceTest.class
        .getResourceAsStream("/facespark-functions.sql")) {
      assertThat(in).as("the resource is on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("--"))
          .collect(Collectors.toList());
    }
  }
}
