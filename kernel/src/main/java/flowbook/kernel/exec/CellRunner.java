package flowbook.kernel.exec;

import flowbook.asyncgen.CancellationScope;
import flowbook.kernel.CellOutcome;
import flowbook.kernel.cell.Cell;
import flowbook.kernel.cell.KernelThreads;
import flowbook.kernel.display.Renderer;
import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.OutputLimit;
import flowbook.kernel.output.StreamName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Runs one cell at a time through JShell: splits it into snippets, evaluates them in order, stops
 * at the first error, shows the last snippet's value, and handles interrupts.
 *
 * <p>Interrupt, from any thread: the cell is marked, JShell is told to stop (which interrupts the
 * snippet's threads and makes stop checks in snippet code throw), a publisher being shown is
 * cancelled. If the cell still runs after a moment, the generators it started are cancelled too.
 * When the snippet has ended, the runner clears JShell's stop flag and cancels the cell's
 * generators, waiting for their {@code finally} blocks, before it reports the interrupt.
 */
public final class CellRunner {
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(2);
  private static final long ESCALATION_MILLIS = 250;

  private final JShell shell;
  private final CellExecutionControl control;
  private final ResultCache results;
  private final SnippetCompactor compactor;
  private final OutputLimit outputLimit;
  private final ErrorFormatter errors;
  private final SnippetObserver observer;
  private final Object stopLock = new Object(); // orders stops against cells starting and ending
  private Running running; // guarded by stopLock: the cell in progress, or null

  /**
   * A runner for {@code shell}, whose execution engine is {@code control}, keeping the latest
   * {@code resultCacheSize} expression results addressable ({@link ResultCache}) and letting each
   * cell print up to {@code outputLimitBytes} ({@link OutputLimit}).
   */
  public CellRunner(
      JShell shell, CellExecutionControl control, int resultCacheSize, long outputLimitBytes) {
    this(shell, control, resultCacheSize, outputLimitBytes, SnippetObserver.NONE);
  }

  /** A runner as above that tells {@code observer} where each snippet starts in its cell. */
  public CellRunner(
      JShell shell,
      CellExecutionControl control,
      int resultCacheSize,
      long outputLimitBytes,
      SnippetObserver observer) {
    this.observer = observer;
    this.shell = shell;
    this.control = control;
    this.results = new ResultCache(shell, resultCacheSize);
    this.compactor = new SnippetCompactor(shell);
    this.outputLimit = new OutputLimit(outputLimitBytes);
    this.errors = new ErrorFormatter(results::explain);
    errors.nameUnresolvedWith(snippet -> shell.unresolvedDependencies(snippet).toList());
  }

  /**
   * The class loader of the session's snippets and of the jars added to it: the context class
   * loader cells run with. Call it on the thread that runs cells.
   */
  public ClassLoader snippetClassLoader() {
    return control.snippetClassLoader();
  }

  /** The session's expression results. */
  public ResultCache results() {
    return results;
  }

  /** How much text each cell may print; a cell takes the limit in force when it starts. */
  public OutputLimit outputLimit() {
    return outputLimit;
  }

  /** The state of the cell in progress, shared with interrupting threads. */
  private static final class Running {
    final CancellationScope scope; // the generators the cell started
    volatile boolean interrupted;
    boolean finished; // guarded by stopLock
    volatile PublisherPrinter printer;
    volatile Thread thread; // for work that is not a snippet: the thread to interrupt

    Running(CancellationScope scope) {
      this.scope = scope;
    }
  }

  /** Runs {@code code} as {@code cell} (entered on this thread); errors name lines of the cell. */
  public CellOutcome run(Cell cell, String code) {
    return run(cell, code, ErrorFormatter.cellLabel(cell.executionCount()));
  }

  /**
   * Runs {@code code} as part of {@code cell}, which is entered on this thread; errors name their
   * lines in {@code sourceLabel} (a file's name for {@code %load}, else {@code Cell In[count]}).
   * Output goes to the cell's output context; its value is set there, to be sent when the cell
   * finishes. The returned outcome's error has not been shown: {@link Cell#finish} shows it.
   */
  public CellOutcome run(Cell cell, String code, String sourceLabel) {
    return run(cell, code, sourceLabel, true);
  }

  /**
   * Runs {@code code} as part of {@code cell} like {@link #run(Cell, String, String)}; with {@code
   * showValue} false its last expression's value is not the cell's (code that more of the cell
   * follows).
   */
  public CellOutcome run(Cell cell, String code, String sourceLabel, boolean showValue) {
    int count = cell.executionCount();
    Running state = new Running(cell.scope());
    synchronized (stopLock) {
      control.refuseSnippets(false);
      running = state;
    }
    CellError error;
    // The kernel's thread, too, runs the cell's code: it consumes a publisher value, whose
    // generator body then starts on a thread that inherits this loader.
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(control.snippetClassLoader());
      error = runSnippets(state, code, sourceLabel, cell.output(), showValue);
    } finally {
      thread.setContextClassLoader(previousLoader);
      synchronized (stopLock) {
        state.finished = true;
        running = null;
      }
    }
    compactor.afterCell();
    if (state.interrupted) {
      control.clearStop();
      cancelGenerators(state.scope, CLEANUP_TIMEOUT);
      return new CellOutcome.Interrupted(count, ErrorFormatter.interrupted());
    }
    return error != null ? new CellOutcome.Failed(count, error) : new CellOutcome.Completed(count);
  }

  /** Work of a cell that is not a snippet (a shell magic), which an interrupt stops. */
  @FunctionalInterface
  public interface InterruptibleWork {
    /**
     * Does the work on the calling thread.
     *
     * @throws InterruptedException when interrupted: the work has stopped what it started
     */
    CellOutcome run() throws InterruptedException;
  }

  /**
   * Runs {@code work} as part of {@code cell} on this thread; {@link #interrupt()} interrupts this
   * thread while it runs. Returns the work's outcome, or the cell's interrupted outcome when it was
   * interrupted.
   */
  public CellOutcome runInterruptibly(Cell cell, InterruptibleWork work) {
    Running state = new Running(cell.scope());
    state.thread = Thread.currentThread();
    synchronized (stopLock) {
      running = state;
    }
    CellOutcome outcome;
    try {
      outcome = work.run();
    } catch (InterruptedException e) {
      outcome = null;
    } finally {
      synchronized (stopLock) {
        state.finished = true;
        running = null;
      }
      Thread.interrupted(); // an interrupt that came as the work ended is not the next cell's
    }
    return state.interrupted || outcome == null
        ? new CellOutcome.Interrupted(cell.executionCount(), ErrorFormatter.interrupted())
        : outcome;
  }

  /** Interrupts the cell in progress, if any; returns at once. */
  public void interrupt() {
    Running cell;
    synchronized (stopLock) {
      cell = running;
      if (cell == null) {
        return;
      }
      cell.interrupted = true;
      if (cell.thread != null) {
        cell.thread.interrupt();
        return;
      }
      control.refuseSnippets(true);
      shell.stop();
    }
    PublisherPrinter printer = cell.printer;
    if (printer != null) {
      printer.cancel();
    }
    KernelThreads.start("flowbook-interrupt", () -> escalate(cell));
  }

  /* A cell can miss the first stop: it was between snippets, or blocked in a generator that only
   * a cancel ends. Stop again, then cancel its generators, while it keeps running. Stops happen
   * under stopLock, so none reaches the next cell. */
  private void escalate(Running cell) {
    try {
      for (int attempt = 0; attempt < 4; attempt++) {
        Thread.sleep(ESCALATION_MILLIS);
        synchronized (stopLock) {
          if (cell.finished) {
            return;
          }
          shell.stop();
        }
        if (attempt == 0) {
          cancelGenerators(cell.scope, Duration.ofMillis(ESCALATION_MILLIS));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Cancels the generators the cell started and waits up to {@code timeout} for their finally
   * blocks; after a normal end they keep running, only an interrupt cancels them. An interrupt of
   * the caller ends the wait and keeps the interrupt status.
   */
  private static void cancelGenerators(CancellationScope scope, Duration timeout) {
    try {
      scope.cancelAll(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CellError runSnippets(
      Running cell, String code, String label, CellContext context, boolean showValue) {
    List<CellSplitter.Piece> pieces = CellSplitter.split(shell.sourceCodeAnalysis(), code);
    for (int i = 0; i < pieces.size(); i++) {
      if (cell.interrupted) {
        return null;
      }
      CellSplitter.Piece piece = pieces.get(i);
      int firstLine = CellSplitter.lineOf(code, piece.start());
      observer.evaluating(firstLine, piece.source());
      List<SnippetEvent> events = shell.eval(piece.source());
      observer.evaluated(events);
      SnippetEvent main = null;
      for (SnippetEvent event : events) {
        if (event.causeSnippet() == null) {
          errors.recordOrigin(event.snippet(), label, firstLine);
          if (main == null) {
            main = event;
          }
        } else if (!event.status().isActive()) {
          errors.forget(event.snippet()); // replaced by a new definition
        }
      }
      if (main == null) {
        continue;
      }
      if (main.status().isActive()) {
        results.note(main.snippet(), main.exception() == null ? snippetClass() : null);
      }
      if (cell.interrupted) {
        continue;
      }
      if (main.status() == Snippet.Status.REJECTED) {
        return errors.compileError(
            code, label, piece.start(), shell.diagnostics(main.snippet()).toList());
      }
      if (main.exception() != null) {
        return errors.runtimeError(main.exception());
      }
      noteUnresolved(main, context);
      if (showValue && i == pieces.size() - 1 && showsValue(main.snippet())) {
        return showValue(cell, main, context);
      }
    }
    return null;
  }

  /**
   * Evaluates {@code code} from inside a running snippet (a cell's {@code eval("...")}) and returns
   * the value of its last expression, or null for declarations and statements. What it declares
   * stays in the session.
   *
   * @throws IllegalArgumentException if the code does not compile, with the compiler's message
   * @throws Exception what the code threw, unchanged
   */
  public Object evaluate(String code) throws Exception {
    Object value = null;
    for (CellSplitter.Piece piece : CellSplitter.split(shell.sourceCodeAnalysis(), code)) {
      value = null;
      for (SnippetEvent event : shell.eval(piece.source())) {
        if (event.causeSnippet() != null) {
          continue;
        }
        if (event.status() == Snippet.Status.REJECTED) {
          StringBuilder message = new StringBuilder("eval: the code does not compile:");
          shell
              .diagnostics(event.snippet())
              .forEach(d -> message.append("\n  ").append(d.getMessage(java.util.Locale.ROOT)));
          message.append("\n  in: ").append(piece.source().strip());
          throw new IllegalArgumentException(message.toString());
        }
        SnippetRun run = control.lastRun();
        if (event.exception() != null) {
          Throwable thrown = run != null ? run.thrown() : null;
          if (thrown instanceof Exception exception) {
            throw exception;
          }
          if (thrown instanceof Error error) {
            throw error;
          }
          throw event.exception();
        }
        if (showsValue(event.snippet()) && run != null && run.finished()) {
          value = run.value();
        }
      }
    }
    return value;
  }

  /** The class of the snippet run last: for a result, the class whose field holds its value. */
  private Class<?> snippetClass() {
    SnippetRun run = control.lastRun();
    return run != null && run.finished() ? run.snippetClass() : null;
  }

  private CellError showValue(Running cell, SnippetEvent event, CellContext context) {
    SnippetRun run = control.lastRun();
    Object value = run != null && run.finished() ? run.value() : null;
    if (value instanceof Flow.Publisher<?> publisher) {
      return showPublisher(cell, publisher, context);
    }
    if (event.value() == null || context.isOwnDisplayId(value)) {
      return null;
    }
    String plain = Renderer.hasOwnPlainText(value) ? Renderer.plainText(value) : event.value();
    context.result(Renderer.render(value, plain));
    return null;
  }

  private CellError showPublisher(Running cell, Flow.Publisher<?> publisher, CellContext context) {
    PublisherPrinter printer = new PublisherPrinter(context);
    cell.printer = printer;
    if (cell.interrupted) {
      return null;
    }
    try {
      printer.start(publisher);
      printer.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      printer.cancel();
      return null;
    } catch (RuntimeException e) {
      return translated(e);
    }
    if (cell.interrupted || printer.failure() == null) {
      return null;
    }
    return translated(printer.failure());
  }

  /** Formats an exception caught outside JShell by passing it through JShell once more. */
  private CellError translated(Throwable throwable) {
    Rethrow.set(throwable);
    for (SnippetEvent event : shell.eval(Rethrow.SNIPPET)) {
      if (event.exception() != null) {
        return errors.runtimeError(event.exception());
      }
    }
    return new CellError(
        throwable.getClass().getName(), throwable.getMessage(), List.of(throwable.toString()));
  }

  private void noteUnresolved(SnippetEvent event, CellContext context) {
    if (event.snippet() instanceof DeclarationSnippet declaration
        && event.status() == Snippet.Status.RECOVERABLE_DEFINED) {
      List<String> missing = shell.unresolvedDependencies(declaration).toList();
      context.print(
          StreamName.STDERR,
          "note: "
              + declaration.name()
              + " is defined but cannot be used until "
              + String.join(", ", missing)
              + " is declared\n");
    }
  }

  /** True for snippets whose value a cell shows: expressions, not declarations or assignments. */
  private static boolean showsValue(Snippet snippet) {
    return switch (snippet) {
      case ExpressionSnippet expression ->
          expression.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND
              && !isVoid(expression.typeName());
      case VarSnippet variable ->
          variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
              && !isVoid(variable.typeName());
      default -> false;
    };
  }

  /**
   * A {@code Void} value is always null: {@code await(done);} on a {@code CompletableFuture<Void>}
   * reads as a statement, so echoing "null" would only be noise.
   */
  private static boolean isVoid(String typeName) {
    return "Void".equals(typeName) || "java.lang.Void".equals(typeName);
  }
}
