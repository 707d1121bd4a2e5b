package flowbook.kernel.exec;

/**
 * Thrown in place of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} called by a
 * cell: the kernel process must outlive its cells. An {@link Error}, so that {@code catch
 * (Exception e)} in the cell does not swallow it.
 */
public final class SystemExit extends Error {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** The exit that {@code status} asked for, as an error. */
  public SystemExit(String call, int status) {
    super(
        call
            + "("
            + status
            + ") was called; a cell cannot end the kernel (restart it from the front end)");
    this.status = status;
  }

  /** The status the cell passed. */
  public int status() {
    return status;
  }
}
