package io.facespark.jobs;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version (from its manifest when packaged) and the platform it runs on. */
final class FaceSparkVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = FaceSpark.class.getPackage().getImplementationVersion();
    return new String[] {
        "facespark " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
  }
}
