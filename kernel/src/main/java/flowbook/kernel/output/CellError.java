package flowbook.kernel.output;

import java.util.List;

/**
 * An error as Jupyter shows it: {@code ename} (the exception's class name, or a kernel-defined name
 * such as {@code CompileError}), {@code evalue} (the message) and the traceback lines.
 *
 * @param name the error's name, never null
 * @param value the error's message, never null (empty when there is none)
 * @param traceback the lines to show, without line separators; never null
 */
public record CellError(String name, String value, List<String> traceback) {
  /** Copies the traceback and replaces a null message by an empty one. */
  public CellError {
    value = value == null ? "" : value;
    traceback = List.copyOf(traceback);
  }
}
