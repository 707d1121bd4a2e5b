package flowbook.kernel.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine with two additions.
 *
 * <ul>
 *   <li>Snippet classes go through {@link ExitTrap} before loading, so a cell cannot exit the JVM.
 *   <li>Each invocation records the snippet's value object and what it threw in a {@link
 *       SnippetRun}, so the kernel can render the object itself (JShell only returns its string
 *       form) and report the original exception.
 * </ul>
 *
 * <p>Everything else is {@link LocalExecutionControl}'s: each snippet runs on a fresh thread in its
 * own thread group, and since JDK 20 snippet bytecode carries stop checks, so {@code JShell.stop()}
 * ends even a busy loop (it also interrupts the group's threads).
 */
/* LocalExecutionControl.invoke(Method) keeps its thread and results private. Instead of copying
 * it (and losing the stop machinery tied to its private fields), we hand it SnippetRun.ENTRY, a
 * method of ours that calls the real doit method and keeps the value. The SnippetRun travels to
 * the snippet thread in an inheritable thread local, set on the calling thread around the call. */
public final class CellExecutionControl extends LocalExecutionControl {
  private static final String CANCEL_CLASS = "REPL.$Cancel$"; // LocalExecutionControl's
  private volatile SnippetRun lastRun;
  private volatile boolean refusing; // an interrupt came before the snippet started

  /** A control using JShell's default class loading (parent: the system class loader). */
  public CellExecutionControl() {}

  /** The run of the snippet invoked last; null before the first. */
  public SnippetRun lastRun() {
    return lastRun;
  }

  @Override
  public void load(ClassBytecodes[] classes)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    super.load(trapExits(classes));
  }

  @Override
  public void redefine(ClassBytecodes[] classes)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    super.redefine(trapExits(classes));
  }

  /**
   * While set, snippets are not started (they end as stopped): closes the gap between an interrupt
   * arriving during compilation and the snippet's thread starting.
   */
  public void refuseSnippets(boolean refuse) {
    this.refusing = refuse;
  }

  /**
   * Clears the stop flag {@code JShell.stop()} leaves set until the next snippet starts, so that
   * code still running afterwards (a generator's {@code finally}, a background thread of an earlier
   * cell) is not stopped as well.
   */
  public void clearStop() {
    try {
      findClass(CANCEL_CLASS).getField("allStop").setBoolean(null, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // No stop checks in this JDK's engine, or nothing stopped yet: nothing to clear.
    }
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    if (refusing) {
      throw new StoppedException();
    }
    SnippetRun run = new SnippetRun(doitMethod);
    lastRun = run;
    SnippetRun.PENDING.set(run);
    try {
      return super.invoke(SnippetRun.ENTRY);
    } finally {
      SnippetRun.PENDING.remove();
    }
  }

  private static ClassBytecodes[] trapExits(ClassBytecodes[] classes) {
    return Stream.of(classes)
        .map(c -> new ClassBytecodes(c.name(), ExitTrap.rewrite(c.bytecodes())))
        .toArray(ClassBytecodes[]::new);
  }

  /** Hands JShell a {@link CellExecutionControl}; the control is also passed to a listener. */
  public static final class Provider implements ExecutionControlProvider {
    private final java.util.function.Consumer<CellExecutionControl> created;

    /** A provider that tells {@code created} about each control it makes. */
    public Provider(java.util.function.Consumer<CellExecutionControl> created) {
      this.created = created;
    }

    @Override
    public String name() {
      return "flowbook";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      CellExecutionControl control = new CellExecutionControl();
      created.accept(control);
      return control;
    }
  }

  /** Unwraps reflection's wrapper so the snippet's own exception reaches JShell's handling. */
  static Object invokeUnwrapped(Method method) throws Throwable {
    try {
      return method.invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
