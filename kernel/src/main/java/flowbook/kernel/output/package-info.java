/**
 * A cell's output: {@link flowbook.kernel.output.CellContext} orders its stream text, displays,
 * value and errors into one {@link flowbook.kernel.output.CellOutput} (which the protocol
 * implements as IOPub messages, and tests record with {@link
 * flowbook.kernel.output.RecordingOutput}); {@link flowbook.kernel.output.StreamBuffer} coalesces
 * stream text into a bounded number of messages; {@link flowbook.kernel.output.OutputLimit} caps
 * what one cell may print.
 */
package flowbook.kernel.output;
