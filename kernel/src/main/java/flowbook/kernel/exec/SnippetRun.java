package flowbook.kernel.exec;

import java.lang.reflect.Method;

/**
 * One invocation of a snippet's doit method: its value object, or what it threw.
 *
 * <p>Fields are written on the snippet thread and read by the kernel after JShell's {@code eval}
 * returned, which joined that thread; the volatile fields make this safe also when a stopped
 * snippet's thread is still unwinding.
 */
public final class SnippetRun {
  static final InheritableThreadLocal<SnippetRun> PENDING = new InheritableThreadLocal<>();
  static final Method ENTRY;

  static {
    try {
      ENTRY = SnippetRun.class.getMethod("runPending");
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Method doit;
  private volatile boolean finished; // true once doit returned normally
  private volatile Object value; // what doit returned
  private volatile Throwable thrown; // what doit threw

  SnippetRun(Method doit) {
    this.doit = doit;
  }

  /**
   * Runs the pending snippet of the calling thread; JShell's execution control calls this on the
   * snippet thread. Not for use by cells.
   */
  public static Object runPending() throws Throwable {
    SnippetRun run = PENDING.get();
    if (run == null) {
      throw new IllegalStateException("no snippet pending on this thread");
    }
    try {
      Object result = SnippetClock.timed(run.doit);
      run.value = result;
      run.finished = true;
      return result;
    } catch (Throwable t) {
      run.thrown = t;
      throw t;
    }
  }

  /** True once the snippet returned normally. */
  public boolean finished() {
    return finished;
  }

  /** The snippet's value: the expression's object for expressions, else null. */
  public Object value() {
    return value;
  }

  /** The snippet's wrapper class, which declares its doit method and its variable, if any. */
  public Class<?> snippetClass() {
    return doit.getDeclaringClass();
  }

  /** What the snippet threw, or null. */
  public Throwable thrown() {
    return thrown;
  }
}
