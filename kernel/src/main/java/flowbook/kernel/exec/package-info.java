/**
 * Running cells through JShell: {@link flowbook.kernel.exec.CellRunner} splits a cell into
 * snippets, evaluates them, shows the value and handles interrupts; {@link
 * flowbook.kernel.exec.CellExecutionControl} is the execution engine (a snippet runs on a thread of
 * its own, {@code System.exit} is trapped); {@link flowbook.kernel.exec.ErrorFormatter} makes
 * compile and runtime errors readable; {@code PublisherPrinter} shows a publisher value live;
 * {@link flowbook.kernel.exec.ResultCache} keeps the latest results.
 */
package flowbook.kernel.exec;
