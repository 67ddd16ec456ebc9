package io.facespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import io.facespark.testing.SparkTestBase;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.junit.jupiter.api.Test;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * {@code spark.sql.extensions=io.facespark.udf.FaceSparkExtensions}: Spark loads the class by name
 * and applies it to each new session. The test does the same on a second session of the shared
 * SparkContext, then puts the shared session back.
 */
class FaceSparkExtensionsTest extends SparkTestBase {

  @Test
  @SuppressWarnings("unchecked")
  void aSessionBuiltWithTheExtensionHasTheFunctions() throws Exception {
    Function1<SparkSessionExtensions, BoxedUnit> extension =
        (Function1<SparkSessionExtensions, BoxedUnit>) Class
            .forName("io.facespark.udf.FaceSparkExtensions").getDeclaredConstructor().newInstance();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    try {
      SparkSession extended = SparkSession.builder().withExtensions(extension).getOrCreate();
      assertThat(extended).as("a new session, not the shared one").isNotSameAs(spark);
      assertThat(extended.catalog().functionExists("cosine_sim"))
          .as("registered without FaceFunctions.register").isTrue();
      Object score = extended.sql("SELECT cosine_sim(array(3.0F, 4.0F), array(3.0F, 4.0F))")
          .collectAsList().get(0).get(0);
      assertThat((double) (Float) score).as("a vector with itself")
          .isCloseTo(1.0, VectorFunctionTestBase.closeTo(1.0));
    } finally {
      SparkSession.setDefaultSession(spark);
      SparkSession.setActiveSession(spark);
    }
  }
}
