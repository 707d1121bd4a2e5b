package flowbook.kernel.exec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The generators one cell started, as tracked by the library's {@code
 * flowbook.asyncgen.CancellationScope}: opened before the cell runs, cancelled on interrupt, closed
 * when the cell is done (its generators keep running after a normal end).
 *
 * <p>When the library on the class path has no {@code CancellationScope}, every method does nothing
 * and interrupt relies on JShell's stop and thread interrupts alone.
 */
/* Bound by name rather than linked, so the kernel builds and runs against library versions with
 * and without scopes. */
public final class GeneratorScope implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GeneratorScope.class.getName());
  private static final Api API = Api.find();

  private final Object scope; // a CancellationScope, or null without the API

  private GeneratorScope(Object scope) {
    this.scope = scope;
  }

  /** Opens a scope bound to the current thread and the threads it starts from now on. */
  public static GeneratorScope open() {
    if (API == null) {
      return new GeneratorScope(null);
    }
    try {
      return new GeneratorScope(API.open.invoke());
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "cannot open a cancellation scope", e);
      return new GeneratorScope(null);
    }
  }

  /** True when the library supports scopes. */
  public static boolean supported() {
    return API != null;
  }

  /**
   * Cancels the scope's running generators and waits up to {@code timeout} for their finally
   * blocks; returns how many were still running then. Safe to call from any thread, repeatedly.
   */
  public int cancelAll(Duration timeout) {
    if (scope == null) {
      return 0;
    }
    try {
      return (int) API.cancelAll.invoke(scope, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "cancelling the cell's generators failed", e);
      return -1;
    }
  }

  /** Unbinds the scope from the thread that opened it; running generators go on. */
  @Override
  public void close() {
    if (scope == null) {
      return;
    }
    try {
      API.close.invoke(scope);
    } catch (Throwable e) {
      LOG.log(Level.WARNING, "cannot close the cell's cancellation scope", e);
    }
  }

  private record Api(MethodHandle open, MethodHandle cancelAll, MethodHandle close) {
    static Api find() {
      try {
        Class<?> type = Class.forName("flowbook.asyncgen.CancellationScope");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Api(
            lookup.findStatic(type, "open", MethodType.methodType(type)),
            lookup.findVirtual(type, "cancelAll", MethodType.methodType(int.class, Duration.class)),
            lookup.findVirtual(type, "close", MethodType.methodType(void.class)));
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.fine("flowbook.asyncgen.CancellationScope not available: " + e);
        return null;
      }
    }
  }
}
