/**
 * The cell as one object: {@link flowbook.kernel.cell.Cell} owns a cell's execution count, output,
 * input and cancellation scope, and holds the one rule of which thread belongs to which cell;
 * {@link flowbook.kernel.cell.StandardStreams} routes {@code System.out}, {@code System.err} and
 * {@code System.in} by that rule; {@link flowbook.kernel.cell.KernelThreads} makes the kernel's own
 * threads, which belong to no cell.
 */
package flowbook.kernel.cell;
