package io.facespark.udf;

import io.facespark.udf.catalyst.VectorExpressionBuilder;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers the facespark functions in every session, with no code:
 * {@code spark-submit --jars facespark-udf.jar --conf spark.sql.extensions=io.facespark.udf.FaceSparkExtensions}.
 * Spark instantiates it by name, hence the public no-argument constructor.
 */
public final class FaceSparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (VectorFunction function : VectorFunction.values()) {
      extensions.injectFunction(new Tuple3<>(FaceFunctions.identifier(function),
          FaceFunctions.info(function), new VectorExpressionBuilder(function)));
    }
    return BoxedUnit.UNIT;
  }
}
