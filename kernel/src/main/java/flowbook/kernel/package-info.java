/**
 * A Jupyter kernel for Java on JShell. {@link flowbook.kernel.KernelMain} starts the process;
 * {@link flowbook.kernel.JShellKernel} is the language hook (cells, editor help, history), usable
 * without any transport; {@link flowbook.kernel.KernelSettings} reads the settings of the
 * kernelspec's environment. A cell ends in a {@link flowbook.kernel.CellOutcome}.
 */
package flowbook.kernel;
