package flowbook.kernel.output;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Sends {@code System.out} and {@code System.err} of every thread to the cell that thread belongs
 * to ({@code System.in} is routed the same way by {@link flowbook.kernel.stdin.InputRouter}).
 *
 * <ul>
 *   <li>A thread belongs to the cell that was running on the thread that created it: the binding is
 *       an inheritable thread local, and virtual threads inherit those too. So a generator started
 *       by cell 3 writes into cell 3, also after cell 3 has replied.
 *   <li>Shared pool threads (the common {@link java.util.concurrent.ForkJoinPool}, the {@link
 *       java.util.concurrent.CompletableFuture} delay scheduler) run work for any cell; they write
 *       into the latest cell, whoever created them.
 *   <li>Threads of no cell write into the latest cell; before the first cell, to the process's own
 *       streams.
 * </ul>
 */
public final class OutputRouter {
  private static final InheritableThreadLocal<CellContext> BOUND = new InheritableThreadLocal<>();
  // CompletableFuture.delayedExecutor's thread: its own up to JDK 24, the pool's from JDK 25.
  private static final String DELAY_SCHEDULER_THREAD = "CompletableFutureDelayScheduler";
  private static final String POOL_DELAY_SCHEDULER_SUFFIX = "-delayScheduler";

  private static volatile CellContext latest; // the cell running now, or the last one
  private static PrintStream processOut; // the streams the process started with
  private static PrintStream processErr;

  private OutputRouter() {}

  /**
   * Replaces {@code System.out} and {@code System.err} with routing streams; later calls do
   * nothing. Returns the process's original standard error, for the kernel's own log.
   */
  public static synchronized PrintStream install() {
    if (processOut == null) {
      // java.util.logging binds its console handler to System.err when first used: bind it now,
      // to the process's stream, so log lines never land in a cell.
      java.util.logging.Logger.getLogger("").getHandlers();
      processOut = System.out;
      processErr = System.err;
      System.setOut(routingStream(StreamName.STDOUT));
      System.setErr(routingStream(StreamName.STDERR));
    }
    return processErr;
  }

  /** The process's standard error as it was before {@link #install()}. */
  public static synchronized PrintStream processErr() {
    return processErr != null ? processErr : System.err;
  }

  /**
   * Binds the current thread (and threads it starts from now on) to {@code context} and makes it
   * the latest cell. Undo with {@link #leave()} on the same thread.
   */
  public static void enter(CellContext context) {
    BOUND.set(context);
    latest = context;
  }

  /** Unbinds the current thread; the context stays the latest cell until the next one enters. */
  public static void leave() {
    BOUND.remove();
  }

  /** The context output of the current thread goes to, or null before the first cell. */
  public static CellContext current() {
    Thread thread = Thread.currentThread();
    if (isSharedPoolThread(thread)) {
      return latest;
    }
    CellContext bound = BOUND.get();
    return bound != null ? bound : latest;
  }

  private static boolean isSharedPoolThread(Thread thread) {
    String name = thread.getName();
    return thread instanceof ForkJoinWorkerThread
        || DELAY_SCHEDULER_THREAD.equals(name)
        || name.endsWith(POOL_DELAY_SCHEDULER_SUFFIX);
  }

  private static PrintStream routingStream(StreamName name) {
    return new PrintStream(new RoutingOutputStream(name), true, StandardCharsets.UTF_8);
  }

  /** Bytes from {@code System.out}/{@code err}, forwarded to the writing thread's cell. */
  private static final class RoutingOutputStream extends OutputStream {
    private final StreamName name;

    RoutingOutputStream(StreamName name) {
      this.name = name;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      CellContext context = current();
      if (context != null) {
        context.write(name, bytes, offset, length);
      } else {
        PrintStream process = name == StreamName.STDOUT ? processOut : processErr;
        process.write(bytes, offset, length);
      }
    }
  }
}
