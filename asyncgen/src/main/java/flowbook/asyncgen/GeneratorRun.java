package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;

/**
 * One run of a generator body: the {@code out} it yields into. Subclasses decide where values go
 * ({@link SubscribedRun} to a Flow subscriber, {@link InlineRun} to a callback on the caller's
 * thread, {@link IteratedRun} to a pulling consumer on another thread).
 */
abstract class GeneratorRun<T> implements Emitter<T> {
  /*
   * State. Each kind of run keeps its whole state in the one int `state`, changed by
   * compareAndSet; its class comment draws its diagram. The states below 10 are the kind's own
   * (how it starts and hands values over); all kinds share how a run closes:
   *
   *     (a live state) --requestClose--> CLOSING --exit()--> UNWINDING --body ends--> ENDED
   *     (a live state) --body ends--> ENDED                   CLOSING --body ends--> ENDED
   *
   *   CLOSING    close was asked for; GeneratorExit is not thrown yet. The body sees it at its next
   *              suspension point (yield, await, or a blocking call the interrupt ends).
   *   UNWINDING  GeneratorExit was thrown into the body: its finally blocks run. A yield now is an
   *              error; await works (cleanup may wait for things).
   *   ENDED      the body returned or threw.
   *
   * The interrupt that ends a blocking call is sent only in CLOSING, and exit() moves CLOSING to
   * UNWINDING and clears the interrupt; both hold this run's monitor, so no interrupt lands in a
   * finally block. The monitor guards nothing else and is never held while waiting.
   *
   * Runs nest on one thread when a body consumes another generator inline (map's body runs its
   * source's body), so each run knows the run it is nested in, and a suspension that wakes up asks
   * the chain which run is closing.
   */

  static final int CLOSING = 10; // close requested; GeneratorExit not yet thrown into the body
  static final int UNWINDING = 11; // GeneratorExit thrown; the body runs its finally blocks
  static final int ENDED = 12; // the body returned or threw

  private static final VarHandle STATE =
      VarHandles.field(MethodHandles.lookup(), "state", int.class);

  /** The innermost run executing on a thread that is not a run's own (see {@link #current}). */
  private static final ThreadLocal<GeneratorRun<?>> CURRENT = new ThreadLocal<>();

  volatile int state; // see the diagrams; the kinds' own states are below CLOSING
  volatile Thread thread; // the body's thread, for other threads to wake; written before it starts
  Thread runningOn; // the body's thread as it wrote itself; only compared with the current thread
  GeneratorRun<?> enclosing; // the run this one's body is nested in, on the same thread
  private volatile String closeReason; // why close was requested; names the GeneratorExit

  final boolean compareAndSetState(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }

  /** True from the close request until the body ended (CLOSING or UNWINDING). */
  final boolean closeRequested() {
    int current = state;
    return current == CLOSING || current == UNWINDING;
  }

  /**
   * Moves {@code from}, a live state, to CLOSING; the caller then wakes the body. False if another
   * transition came first.
   */
  final boolean compareAndSetClosing(int from, String reason) {
    if (!compareAndSetState(from, CLOSING)) {
      return false;
    }
    closeReason = reason;
    return true;
  }

  @Override
  public final Object yield(T value) {
    if (Thread.currentThread() != runningOn) { // elsewhere it reads null or the body thread
      throw new IllegalStateException(
          "out.yield(...) called from thread '"
              + Thread.currentThread().getName()
              + "', not the generator body's own thread; yield only from the body itself (hand"
              + " values from other threads to the body, e.g. through await or a queue)");
    }
    if (value == null) {
      throw new NullPointerException(
          "out.yield(null): Flow forbids null items (RS 2.13); yield Optional.empty() or a"
              + " sentinel instead");
    }
    if (closeRequested()) {
      throw closingNow();
    }
    return deliver(value);
  }

  /** Hands a checked, non-null value to the consumer; body thread only. */
  abstract Object deliver(T value);

  /** Runs the body on this thread as the current run; returns what it threw, or null. */
  final Throwable runBody(GeneratorBody<T> body) {
    runningOn = Thread.currentThread();
    enclosing = current();
    setCurrent(this);
    try {
      body.run(this);
      return null;
    } catch (Throwable t) {
      return t;
    } finally {
      setCurrent(enclosing);
    }
  }

  /**
   * The innermost run executing on this thread, or null. On a run's own thread the run holds it;
   * elsewhere (a caller of forEach, an operator's upstream thread) a ThreadLocal does.
   */
  static GeneratorRun<?> current() {
    if (Thread.currentThread().getUncaughtExceptionHandler() instanceof OwnThreadRun<?> owner) {
      return owner.innermostOnThread;
    }
    return CURRENT.get();
  }

  /**
   * True on a thread the library did not start while it runs a body inline (see {@link
   * Participation}); call only after checking that the thread is not one of the library's own.
   */
  static boolean runsInlineOnForeignThread() {
    return CURRENT.get() != null;
  }

  private static void setCurrent(GeneratorRun<?> run) {
    if (Thread.currentThread().getUncaughtExceptionHandler() instanceof OwnThreadRun<?> owner) {
      owner.innermostOnThread = run;
    } else if (run == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(run);
    }
  }

  /**
   * The transition to ENDED, taken by the body's thread once the body returned or threw (or was
   * skipped); returns the state it ended from, which tells whether a close was requested.
   */
  final int end() {
    synchronized (this) {
      return (int) STATE.getAndSet(this, ENDED); // no interrupt after this (see interruptBody)
    }
  }

  /**
   * What a suspension of a closing body throws: GeneratorExit in CLOSING, so the body unwinds; in
   * UNWINDING an error, because the body caught GeneratorExit and went on yielding.
   */
  final RuntimeException closingNow() {
    if (state == UNWINDING) {
      return new IllegalStateException(
          "the generator yielded while closing: its body caught GeneratorExit and yielded again"
              + " (Python: 'async generator ignored GeneratorExit'); let GeneratorExit propagate"
              + " and keep only cleanup in catch/finally blocks");
    }
    throw exit();
  }

  /** CLOSING to UNWINDING: clears a pending cancel interrupt and returns the GeneratorExit. */
  final GeneratorExit exit() {
    synchronized (this) {
      compareAndSetState(CLOSING, UNWINDING);
      Thread.interrupted(); // the interrupt that carried the close has done its job
    }
    String reason = closeReason;
    return new GeneratorExit(this, reason == null ? "the generator was closed" : reason);
  }

  /** Interrupts the body's thread to end a blocking call, only while CLOSING (see above). */
  final void interruptBody() {
    synchronized (this) {
      Thread bodyThread = thread;
      if (state == CLOSING && bodyThread != null && bodyThread != Thread.currentThread()) {
        bodyThread.interrupt();
      }
    }
  }

  static boolean isOwnExit(Throwable t, GeneratorRun<?> run) {
    return t instanceof GeneratorExit exit && exit.owner == run;
  }

  /**
   * Called by a suspension (await, a wait for demand) each time its park returns. Throws
   * GeneratorExit if a run on this thread is CLOSING; for an interrupt that no run asked for (the
   * thread's owner interrupting it), closes the inline runs on this thread, or, outside any
   * generator, throws CancellationException with the interrupt status kept.
   */
  static void checkSuspension(boolean interrupted) {
    GeneratorRun<?> current = current();
    for (GeneratorRun<?> run = current; run != null; run = run.enclosing) {
      if (run.state == CLOSING) {
        throw run.exit();
      }
    }
    if (!interrupted) {
      return; // a spurious wake-up
    }
    if (!(current instanceof InlineRun<?>)) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while awaiting");
    }
    throw InlineRun.interruptedFromOutside((InlineRun<?>) current);
  }

  /** Waits until {@code thread} ended; an interrupt meanwhile is kept for later, not lost. */
  static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
