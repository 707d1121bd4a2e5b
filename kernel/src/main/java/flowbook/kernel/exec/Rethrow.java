package flowbook.kernel.exec;

/**
 * Lets the kernel pass an exception caught outside JShell (a publisher's {@code onError}) through
 * JShell once more, so its stack trace is translated to cell lines like any other.
 */
public final class Rethrow {
  private static volatile Throwable pending;

  private Rethrow() {}

  /** The snippet that throws the exception set with {@link #set(Throwable)}. */
  static final String SNIPPET = Rethrow.class.getName() + ".pending();";

  static void set(Throwable throwable) {
    pending = throwable;
  }

  /** Throws the pending exception; called by the snippet {@link #SNIPPET}, not by cells. */
  public static void pending() throws Throwable {
    Throwable throwable = pending;
    pending = null;
    if (throwable != null) {
      throw throwable;
    }
  }
}
