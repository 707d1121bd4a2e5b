package flowbook.kernel.cell;

import flowbook.asyncgen.CancellationScope;
import flowbook.kernel.CellOutcome;
import flowbook.kernel.output.CellContext;
import flowbook.kernel.output.CellOutput;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One cell: its execution count, its one output context (stdout, stderr, displays and the result,
 * in order), its input, and the generators it started ({@link CancellationScope}). This class is
 * also the only binding of threads to cells: where a thread's output and input go is decided here,
 * by {@link #current()}, and nowhere else.
 *
 * <p>Which cell a thread belongs to:
 *
 * <ol>
 *   <li>The thread running a cell belongs to it from {@link #enter()} until the returned binding is
 *       closed, which restores what the thread was bound to before.
 *   <li>A thread started by a thread that belongs to a cell belongs to the same cell, for its whole
 *       life: a generator, a {@code Thread.ofVirtual().start(...)} or a server thread started by
 *       cell 3 writes into cell 3, also after cell 3 has replied, so a background stream stays with
 *       the cell that started it. (The binding is an inheritable thread local; virtual threads
 *       inherit it too.)
 *   <li>Except a worker of a {@code java.util.concurrent} executor (a {@code ThreadPoolExecutor},
 *       {@code ScheduledThreadPoolExecutor} or {@code ForkJoinPool} worker, the common pool's and
 *       {@code CompletableFuture}'s scheduler included): such a thread runs tasks for whoever
 *       submits them, so once the cell that started it has finished it counts as a thread of no
 *       cell. A pool created in cell 3 and used in cell 5 writes into cell 5.
 *   <li>A thread of no cell (started before the first cell, or by the kernel itself through {@link
 *       KernelThreads}) writes into the cell running now, else the latest one; before the first
 *       cell, into the process's own streams. It reads from the latest cell, which only answers
 *       while it runs.
 * </ol>
 *
 * <p>A cell's input ends when the cell finishes; its output does not: text written later by its
 * threads still goes out (within the cell's output limit).
 */
public final class Cell {
  private static final InheritableThreadLocal<Cell> BOUND = new InheritableThreadLocal<>();
  // Whether a thread is an executor's worker never changes; computed once per thread that asks.
  private static final ThreadLocal<Boolean> EXECUTOR_WORKER =
      ThreadLocal.withInitial(Cell::isExecutorWorker);
  private static final String EXECUTOR_PACKAGE = "java.util.concurrent";

  private static volatile Cell latest; // the cell running now, or the last one

  private final int executionCount;
  private final CellContext output;
  private final CellInput input;
  private final AtomicBoolean entered = new AtomicBoolean();
  private volatile CancellationScope scope; // opened by enter()
  private volatile boolean finished;

  /**
   * A cell with execution count {@code executionCount} whose outputs go to {@code output}, whose
   * reads of {@code System.in} ask {@code input}, and whose stream text is capped at {@code
   * outputLimitBytes} ({@link flowbook.kernel.output.OutputLimit}).
   */
  public Cell(int executionCount, CellOutput output, InputSource input, long outputLimitBytes) {
    this.executionCount = executionCount;
    this.output = new CellContext(output, executionCount, outputLimitBytes);
    this.input = new CellInput(input, this.output::flush);
  }

  /** The cell the current thread belongs to (see the class comment), or null before any cell. */
  public static Cell current() {
    Cell own = BOUND.get();
    if (own == null) {
      // get() left an entry holding null, which every thread started from here would copy
      BOUND.remove();
      return latest;
    }
    if (own.finished && EXECUTOR_WORKER.get()) {
      return latest;
    }
    return own;
  }

  /**
   * Binds the current thread, and the threads it starts from now on, to this cell, makes it the
   * cell running now, and opens its {@link CancellationScope}. A cell is entered once, on the
   * thread that runs it.
   *
   * @return the binding; closing it (on the same thread) closes the scope and restores the thread's
   *     previous binding; the cell stays the latest one until another is entered
   * @throws IllegalStateException if the cell was entered before
   */
  public Binding enter() {
    if (!entered.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "cell " + executionCount + " was entered before; a cell is entered once");
    }
    Cell previous = BOUND.get();
    BOUND.set(this);
    latest = this;
    scope = CancellationScope.open();
    return new Binding(previous, scope);
  }

  /** The binding of a thread to a cell, from {@link #enter()}. */
  public static final class Binding implements AutoCloseable {
    private final Cell previous;
    private final CancellationScope scope;

    private Binding(Cell previous, CancellationScope scope) {
      this.previous = previous;
      this.scope = scope;
    }

    /** Closes the cell's scope (its generators keep running) and restores the previous binding. */
    @Override
    public void close() {
      scope.close();
      if (previous == null) {
        BOUND.remove();
      } else {
        BOUND.set(previous);
      }
    }
  }

  /**
   * Ends the cell: its input closes, pending stream text goes out, then its value (if it has one),
   * the line saying how much output the limit dropped (if any), and the error of a failed or
   * interrupted {@code outcome}.
   */
  public void finish(CellOutcome outcome) {
    finished = true;
    input.close();
    output.finish();
    outcome.failure().ifPresent(output::error);
  }

  /** The execution count. */
  public int executionCount() {
    return executionCount;
  }

  /** Where the cell's stdout, stderr, displays and value go, in order. */
  public CellContext output() {
    return output;
  }

  /**
   * The generators the cell started, for an interrupt to cancel.
   *
   * @throws IllegalStateException before {@link #enter()}
   */
  public CancellationScope scope() {
    CancellationScope opened = scope;
    if (opened == null) {
      throw new IllegalStateException("cell " + executionCount + " has not been entered");
    }
    return opened;
  }

  /** True once {@link #finish} has been called. */
  public boolean finished() {
    return finished;
  }

  CellInput input() {
    return input;
  }

  /* A thread of an executor runs a loop of java.util.concurrent's: the thread's own class is one
   * (ForkJoinWorkerThread, the JDK 25 delay scheduler) or its first frame is (a ThreadPoolExecutor
   * worker). Virtual threads are one per task, never pooled. Decided by type and frames rather
   * than thread names, which users and libraries choose freely. */
  private static boolean isExecutorWorker() {
    Thread thread = Thread.currentThread();
    if (thread.isVirtual()) {
      return false;
    }
    if (thread.getClass().getPackageName().equals(EXECUTOR_PACKAGE)) {
      return true;
    }
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .map(StackWalker.StackFrame::getClassName)
                    .filter(name -> !name.equals(Thread.class.getName()))
                    .reduce((above, below) -> below)
                    .map(
                        outermost ->
                            outermost.startsWith(EXECUTOR_PACKAGE + ".")
                                && outermost.indexOf('.', EXECUTOR_PACKAGE.length() + 1) < 0)
                    .orElse(false));
  }
}
