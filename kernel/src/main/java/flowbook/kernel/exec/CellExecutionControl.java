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
 * JShell's in-process execution engine with three changes.
 *
 * <ul>
 *   <li>Snippet classes go through {@link ExitTrap} before loading, so a cell cannot exit the JVM.
 *   <li>Each invocation records the snippet's value object and what it threw in a {@link
 *       SnippetRun}, so the kernel can render the object itself (JShell only returns its string
 *       form) and report the original exception.
 *   <li>An invocation waits for the snippet's own thread only. Threads the snippet starts (a
 *       server's dispatcher, a pool, a generator's virtual thread) live on after it returns.
 * </ul>
 *
 * <p>Class loading and the stop checks are {@link LocalExecutionControl}'s: since JDK 20 snippet
 * bytecode calls a stop check at every method start and backward branch, so {@code JShell.stop()}
 * ends even a busy loop; stop also interrupts the threads the running snippet started.
 */
/* Why invoke is ours: LocalExecutionControl.invoke starts the snippet thread, then enumerates its
 * thread group and joins every thread in it. When the snippet has already started a long-lived
 * thread by the time of that enumeration (HttpServer.start() in the use-cases tutorial; more likely
 * on a loaded machine), the join never returns and the kernel hangs in that cell for good. Seen in
 * 1 of 15 runs of the tutorial on a busy 2-core machine.
 *
 * The stop flag (REPL.$Cancel$.allStop) lives in a class LocalExecutionControl generates and loads
 * on its first invoke; the first invocation therefore goes through LocalExecutionControl with a
 * snippet of ours that starts no thread, so no join can hang, and loads that class.
 *
 * States of one invocation, under stopLock: idle (running == null) -> running (the snippet's
 * thread group is set; stop() sets the flag and interrupts the group) -> idle when the snippet's
 * thread ended. */
public final class CellExecutionControl extends LocalExecutionControl {
  private static final String CANCEL_CLASS = "REPL.$Cancel$"; // LocalExecutionControl's
  private static final Method NO_OP;

  static {
    try {
      NO_OP = CellExecutionControl.class.getDeclaredMethod("noOp");
      NO_OP.setAccessible(true); // invoked from LocalExecutionControl's thread
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object stopLock = new Object();
  private ThreadGroup running; // the running snippet's group, under stopLock; null when idle
  private boolean bootstrapped; // LocalExecutionControl has loaded its stop-check class
  private volatile SnippetRun lastRun;
  private volatile boolean refusing; // an interrupt came before the snippet started
  private volatile ClassLoader snippetLoader; // loads snippets and %maven/%classpath jars

  /** A control using JShell's default class loading (parent: the system class loader). */
  public CellExecutionControl() {}

  /**
   * The class loader of snippet classes, which also holds what {@code JShell.addToClasspath} added
   * ({@code %maven}, {@code %classpath}): the context class loader of every cell thread, so that
   * {@code ServiceLoader}, JDBC's {@code DriverManager} and logging facades find the jars'
   * providers. Call it on the thread that evaluates snippets.
   */
  public ClassLoader snippetClassLoader() {
    ClassLoader loader = snippetLoader;
    if (loader != null) {
      return loader;
    }
    try {
      bootstrap();
      loader = findClass(CANCEL_CLASS).getClassLoader();
    } catch (Exception e) {
      throw new IllegalStateException(
          "JShell's execution engine did not start its class loader", e);
    }
    snippetLoader = loader;
    return loader;
  }

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
   * The snippet class named {@code binaryName} (e.g. {@code REPL.$JShell$12}), or null when it is
   * not loaded; callable from any thread.
   */
  public Class<?> snippetClass(String binaryName) {
    try {
      return findClass(binaryName);
    } catch (ClassNotFoundException | RuntimeException e) {
      return null;
    }
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
    setStopFlag(false);
  }

  @Override
  @SuppressWarnings("removal") // ThreadDeath: what JShell's stop checks throw
  protected String invoke(Method doitMethod) throws Exception {
    bootstrap();
    if (refusing) {
      throw new StoppedException();
    }
    SnippetRun run = new SnippetRun(doitMethod);
    lastRun = run;
    ThreadGroup group = new ThreadGroup("flowbook snippet");
    Thread snippetThread = new Thread(group, run::execute, "flowbook-snippet");
    // Threads the snippet starts (generator bodies included) inherit it.
    ClassLoader loader = doitMethod.getDeclaringClass().getClassLoader();
    snippetLoader = loader;
    snippetThread.setContextClassLoader(loader);
    // A snippet that evaluates code (eval("...")) runs one inside its own: that one's group is a
    // subgroup of the outer one's, which stop() reaches through.
    boolean nested;
    synchronized (stopLock) {
      nested = running != null;
      if (!nested) {
        setStopFlag(false);
        running = group;
      }
    }
    try {
      snippetThread.start();
      snippetThread.join(); // the snippet's own thread only: see the design note
    } finally {
      if (!nested) {
        synchronized (stopLock) {
          running = null;
        }
      }
      lastRun = run; // the outer snippet's again, after one it evaluated
    }
    Throwable thrown = run.thrown();
    if (thrown instanceof ThreadDeath) { // a stop check fired
      throw new StoppedException();
    }
    if (thrown != null) {
      throw new InvocationTargetException(thrown); // JShell reports the cause as the user's error
    }
    return valueString(run.value());
  }

  /**
   * Stops the running snippet: its stop checks throw, and the threads it started are interrupted.
   */
  @Override
  public void stop() {
    synchronized (stopLock) {
      if (running == null) {
        return;
      }
      setStopFlag(true);
      Thread[] threads;
      int count;
      do {
        threads = new Thread[running.activeCount() + 4];
        count = running.enumerate(threads);
      } while (count == threads.length);
      for (int i = 0; i < count; i++) {
        threads[i].interrupt();
      }
    }
  }

  private void setStopFlag(boolean stop) {
    try {
      findClass(CANCEL_CLASS).getField("allStop").setBoolean(null, stop);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // No stop checks in this JDK's engine, or none loaded yet: nothing to set.
    }
  }

  private void bootstrap() throws Exception {
    if (!bootstrapped) {
      super.invoke(NO_OP);
      bootstrapped = true;
    }
  }

  /** The bootstrap snippet: starts no thread, so LocalExecutionControl's join cannot hang. */
  @SuppressWarnings("unused") // called reflectively through NO_OP
  private static Object noOp() {
    return null;
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
