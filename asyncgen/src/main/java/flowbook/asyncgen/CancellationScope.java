package flowbook.asyncgen;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks the generators started by a piece of work so they can all be cancelled at once: what a
 * notebook kernel does when the user interrupts a cell.
 *
 * <ul>
 *   <li>{@link #open()} binds a scope to the current thread; threads started from it afterwards
 *       (generator bodies included) inherit the binding.
 *   <li>Every subscription, iterator and non-blocking terminal started on a bound thread is
 *       registered while its body runs, and unregistered when the body ends.
 *   <li>{@link #cancelAll(Duration)} cancels each one still running, so its body gets {@link
 *       GeneratorExit} at its current suspension point, and waits for their finally blocks.
 * </ul>
 */
public final class CancellationScope implements AutoCloseable {
  private static final InheritableThreadLocal<CancellationScope> BOUND =
      new InheritableThreadLocal<>();

  private final Set<Registration> running = ConcurrentHashMap.newKeySet();
  private final CancellationScope previous; // restored on close
  private final Thread owner; // the thread open() was called on

  private CancellationScope(CancellationScope previous) {
    this.previous = previous;
    this.owner = Thread.currentThread();
  }

  /**
   * Binds a new scope to the current thread (and threads it starts from now on) and returns it.
   *
   * @return the new scope, bound until it is closed; open it in try-with-resources so that the
   *     previous binding comes back
   */
  public static CancellationScope open() {
    CancellationScope scope = new CancellationScope(BOUND.get());
    BOUND.set(scope);
    return scope;
  }

  /**
   * The number of generators started in this scope whose bodies still run.
   *
   * @return how many bodies are registered now; a snapshot, as bodies end concurrently
   */
  public int runningCount() {
    return running.size();
  }

  /**
   * Cancels every generator of this scope still running and waits, at most {@code timeout} in all,
   * for their bodies to end.
   *
   * @param timeout the longest time to wait, for all bodies together; zero or negative cancels
   *     without waiting; not null
   * @return how many were still running when the time was up (0 when all finished)
   * @throws NullPointerException if timeout is null
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public int cancelAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Registration registration : running) {
      registration.cancellable.cancel();
    }
    for (Registration registration : running) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        registration.awaitEnd(Duration.ofNanos(left));
      }
    }
    return running.size();
  }

  /** Unbinds this scope from the thread that opened it; generators keep running. */
  @Override
  public void close() {
    if (Thread.currentThread() == owner && BOUND.get() == this) {
      if (previous == null) {
        BOUND.remove();
      } else {
        BOUND.set(previous);
      }
    }
  }

  /** Something a scope can cancel: a subscription, iterator or background terminal. */
  interface Cancellable {
    /** Requests cancellation without waiting. */
    void cancel();
  }

  /** Registers a running body with the scope bound to this thread; a no-op without one. */
  static Registration register(Cancellable cancellable, Thread bodyThread) {
    CancellationScope scope = BOUND.get();
    if (scope == null) {
      // get() left an entry holding null, which every thread started from here would copy into an
      // inheritable map of its own (about 140 bytes per generator body); an empty map is not copied
      BOUND.remove();
      return null;
    }
    Registration registration = new Registration(scope, cancellable, bodyThread);
    scope.running.add(registration);
    return registration;
  }

  /** A running body's entry in its scope; closed when the body ends. */
  static final class Registration {
    private final CancellationScope scope;
    private final Cancellable cancellable;
    private final Thread bodyThread;

    private Registration(CancellationScope scope, Cancellable cancellable, Thread bodyThread) {
      this.scope = scope;
      this.cancellable = cancellable;
      this.bodyThread = bodyThread;
    }

    void awaitEnd(Duration timeout) throws InterruptedException {
      bodyThread.join(timeout);
    }

    void close() {
      scope.running.remove(this);
    }
  }
}
