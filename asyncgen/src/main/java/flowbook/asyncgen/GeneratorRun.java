package flowbook.asyncgen;

import java.util.concurrent.CancellationException;

/**
 * One run of a generator body: the {@code out} it yields into. Subclasses decide where values go
 * ({@link PushRun} to a Flow subscriber, {@link InlineRun} to a callback on the caller's thread,
 * {@link IteratorRun} to a pulling consumer on another thread).
 */
abstract class GeneratorRun<T> implements Emitter<T> {
  /*
   * Cancellation reaches a body only where it is suspended: in yield, in await, or (for cancel from
   * another thread) in whatever blocking call an interrupt ends. Runs nest on one thread when a body
   * consumes another generator inline (map's body runs its source's body), so each run knows the
   * run it is nested in, and a suspension that wakes up asks the chain which run is closing.
   *
   * The interrupt that carries a cancel is sent at most once and never after GeneratorExit was
   * thrown, so a body's finally blocks may block and await without tripping over it.
   */

  /** The innermost run whose body is executing on this thread. */
  static final ThreadLocal<GeneratorRun<?>> CURRENT = new ThreadLocal<>();

  Thread thread; // the body's thread; written before the body starts
  GeneratorRun<?> enclosing; // the run this one's body is nested in, on the same thread
  volatile boolean closing; // close or cancel requested, or the consumer stopped
  private boolean exitDelivered; // GeneratorExit thrown into the body; guarded by this
  private boolean bodyFinished; // no more interrupts wanted; guarded by this

  @Override
  public final Object yield(T value) {
    if (Thread.currentThread() != thread) {
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
    if (closing) {
      throw closingNow();
    }
    return deliver(value);
  }

  /** Hands a checked, non-null value to the consumer; body thread only. */
  abstract Object deliver(T value);

  /** Runs the body on this thread as the current run; returns what it threw, or null. */
  final Throwable runBody(GeneratorBody<T> body) {
    enclosing = CURRENT.get();
    CURRENT.set(this);
    try {
      body.run(this);
      return null;
    } catch (Throwable t) {
      return t;
    } finally {
      if (enclosing == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(enclosing);
      }
      synchronized (this) {
        bodyFinished = true;
      }
    }
  }

  /**
   * What a yield attempted while closing throws: GeneratorExit the first time, so the body unwinds;
   * an error after that, because the body caught GeneratorExit and went on yielding.
   */
  final RuntimeException closingNow() {
    synchronized (this) {
      if (exitDelivered) {
        return new IllegalStateException(
            "the generator yielded while closing: its body caught GeneratorExit and yielded again"
                + " (Python: 'async generator ignored GeneratorExit'); let GeneratorExit propagate"
                + " and keep only cleanup in catch/finally blocks");
      }
    }
    throw exit("the generator was closed while suspended");
  }

  /** Marks GeneratorExit as delivered, clears a pending cancel interrupt and returns the exit. */
  final GeneratorExit exit(String why) {
    synchronized (this) {
      exitDelivered = true;
      Thread.interrupted(); // the interrupt that carried the cancel has done its job
    }
    return new GeneratorExit(this, why);
  }

  /** Interrupts the body's thread to end a blocking call, unless the body already unwinds. */
  final void interruptBody() {
    synchronized (this) {
      if (!exitDelivered && !bodyFinished && thread != null && thread != Thread.currentThread()) {
        thread.interrupt();
      }
    }
  }

  final boolean exitPending() {
    synchronized (this) {
      return closing && !exitDelivered;
    }
  }

  static boolean isOwnExit(Throwable t, GeneratorRun<?> run) {
    return t instanceof GeneratorExit exit && exit.owner == run;
  }

  /**
   * Called by a suspension (await, a wait for demand) each time its park returns. Throws
   * GeneratorExit if a run on this thread is closing; for an interrupt that no run asked for (the
   * thread's owner interrupting it), closes the inline runs on this thread, or, outside any
   * generator, throws CancellationException with the interrupt status kept.
   */
  static void checkSuspension(boolean interrupted) {
    GeneratorRun<?> current = CURRENT.get();
    for (GeneratorRun<?> run = current; run != null; run = run.enclosing) {
      if (run.closing && run.exitPending()) {
        throw run.exit("the generator was closed while awaiting");
      }
    }
    if (!interrupted) {
      return; // a spurious wake-up
    }
    if (!(current instanceof InlineRun<?>)) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while awaiting");
    }
    GeneratorRun<?> outermost = current;
    for (GeneratorRun<?> run = current; run instanceof InlineRun<?> inline; run = run.enclosing) {
      inline.interruptedFromOutside = true;
      inline.closing = true;
      outermost = inline;
    }
    throw outermost.exit("interrupted while awaiting");
  }
}
