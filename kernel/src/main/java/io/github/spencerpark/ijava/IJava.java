package io.github.spencerpark.ijava;

/**
 * IJava's entry point as notebooks use it: {@code IJava.getKernelInstance()}, the handle of the
 * running kernel (see {@link JavaKernel}). A compatibility shim of Flowbook's.
 */
public final class IJava {
  private IJava() {}

  /** The running kernel's handle: renderer and magics registration, eval, class path. */
  public static JavaKernel getKernelInstance() {
    return JavaKernel.instance();
  }
}
