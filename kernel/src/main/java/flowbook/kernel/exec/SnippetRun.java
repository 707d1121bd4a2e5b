package flowbook.kernel.exec;

import java.lang.reflect.Method;

/**
 * One invocation of a snippet's doit method: its value object, or what it threw.
 *
 * <p>Fields are written on the snippet thread and read by the kernel after that thread was joined;
 * the volatile fields make this safe also when a stopped snippet's thread is still unwinding.
 */
public final class SnippetRun {
  private final Method doit;
  private volatile boolean finished; // true once doit returned normally
  private volatile Object value; // what doit returned
  private volatile Throwable thrown; // what doit threw

  SnippetRun(Method doit) {
    this.doit = doit;
  }

  /** Runs the snippet on the calling thread (the snippet's own), keeping its value or error. */
  void execute() {
    try {
      value = SnippetClock.timed(doit);
      finished = true;
    } catch (Throwable t) {
      thrown = t;
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
