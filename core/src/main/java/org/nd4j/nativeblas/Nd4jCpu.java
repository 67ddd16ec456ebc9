package org.nd4j.nativeblas;

/**
 * Compatibility shim for a DL4J 1.0.0-M2.1 bug; see {@link io.facespark.core.platform.OneDnnConvolution}.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by reflection and calls {@code getInstance().isUseMKLDNN()}. ND4J moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and renamed the method
 * {@code isUseONEDNN()}, so without this class the lookup fails and every convolution takes the
 * slow im2col path. Only those two members are provided; nothing else uses this name.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {
  }

  /** Forwards DL4J's old-name query to ND4J's current native environment. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {
    }

    public static Environment getInstance() {
      return INSTANCE;
    }

    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}
