package flowbook.kernel.exec;

import flowbook.asyncgen.CancellationScope;
import java.time.Duration;

/**
 * The generators one cell started, tracked by the library's {@link CancellationScope}: opened on
 * the kernel's thread before the cell runs (the snippet's thread and every thread it starts inherit
 * it), cancelled on interrupt, closed when the cell is done. After a normal end the cell's
 * generators keep running; only an interrupt cancels them.
 */
final class GeneratorScope implements AutoCloseable {
  private final CancellationScope scope;

  private GeneratorScope(CancellationScope scope) {
    this.scope = scope;
  }

  /** Opens a scope bound to the current thread and the threads it starts from now on. */
  static GeneratorScope open() {
    return new GeneratorScope(CancellationScope.open());
  }

  /**
   * Cancels the scope's running generators and waits up to {@code timeout} for their {@code
   * finally} blocks. Safe from any thread, repeatedly; an interrupt of the caller ends the wait
   * (and keeps the interrupt status).
   */
  void cancelAll(Duration timeout) {
    try {
      scope.cancelAll(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Unbinds the scope from the thread that opened it; running generators go on. */
  @Override
  public void close() {
    scope.close();
  }
}
