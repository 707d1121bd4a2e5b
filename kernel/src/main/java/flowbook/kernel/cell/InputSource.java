package flowbook.kernel.cell;

import java.io.IOException;

/**
 * Where a cell's standard input comes from: the front end's answer to an {@code input_request}.
 *
 * <p>Called on the thread that reads {@code System.in}; implementations block until the answer
 * arrives and must end promptly with {@link InterruptedException} when that thread is interrupted
 * (Jupyter's interrupt).
 */
@FunctionalInterface
public interface InputSource {
  /**
   * Asks the user for one line and returns it without its line break.
   *
   * @param prompt what the front end shows before the input field
   * @param password whether the front end should hide what is typed
   * @throws IOException if no input can be had (no front end, the request is over)
   * @throws InterruptedException if the reading thread was interrupted while waiting
   */
  String readLine(String prompt, boolean password) throws IOException, InterruptedException;

  /** A source that always fails with an {@link IOException} saying {@code reason}. */
  static InputSource unavailable(String reason) {
    return (prompt, password) -> {
      throw new IOException(reason);
    };
  }

  /** For cells run without a front end that can answer, e.g. a request with allow_stdin false. */
  InputSource NONE =
      unavailable(
          "stdin is not available from this front end (its execute_request had allow_stdin"
              + " false); pass the data in code, or use a front end with stdin such as jupyter"
              + " console or a notebook");
}
