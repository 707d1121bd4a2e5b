package flowbook.asyncgen;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * A body on its own virtual thread, advanced in lockstep by a consumer on another thread: each
 * {@link #resume} lets the body run to its next yield (or its end) and waits for it there.
 */
final class IteratorRun<T> extends GeneratorRun<T> implements Runnable {
  /*
   * Exactly one side runs at a time, handing over through `phase`. Each side spins before parking:
   * when the other side answers within the spin (both on a core), the hand-over costs no
   * park/unpark. Measured on 2 cores (bench/README.md): 200 spins (~3 us) parked on 70% of items,
   * 0.09 M items/s; 3,000-10,000 spins (~40-130 us) avoided parking, 2-2.8 M items/s. The spin is
   * bounded, so a side that waits long (a body awaiting I/O) still parks after ~60 us.
   */

  static final int IDLE = 0; // not started, or the body is suspended in yield
  static final int RUNNING = 1; // the body runs towards its next yield
  static final int YIELDED = 2; // `item` holds the value the body yielded
  static final int DONE = 3; // the body ended; `failure` says how

  private static final int SPINS = 5_000;

  private final GeneratorBody<T> body;
  volatile int phase = IDLE;
  private volatile Thread consumer; // the thread waiting in resume()
  private boolean started; // consumer side only
  private Object sent; // what send() passes to the suspended yield
  private Throwable thrownIn; // what throwInto() raises in the suspended yield
  T item; // the value of the last yield, valid while phase == YIELDED
  Throwable failure; // what the body threw, valid once phase == DONE
  private CancellationScope.Registration registration;

  IteratorRun(GeneratorBody<T> body) {
    this.body = body;
  }

  boolean started() {
    return started;
  }

  /**
   * Lets the body run to its next yield or its end and returns the new phase (YIELDED or DONE). An
   * interrupt of the waiting thread closes the generator, waits for its finally blocks, and ends in
   * CancellationException with the interrupt status kept.
   */
  int resume(Object sendValue, Throwable throwValue) {
    sent = sendValue;
    thrownIn = throwValue;
    consumer = Thread.currentThread();
    phase = RUNNING;
    if (!started) {
      started = true;
      Thread bodyThread = Thread.ofVirtual().unstarted(this);
      thread = bodyThread;
      registration = CancellationScope.register(this::cancel, bodyThread);
      bodyThread.start();
    } else {
      LockSupport.unpark(thread);
    }
    if (awaitPhaseNot(RUNNING)) {
      cancel();
      awaitDoneUninterruptibly();
      Thread.currentThread().interrupt();
      throw new CancellationException(
          "interrupted while waiting for the generator; it was closed and its finally blocks ran");
    }
    return phase;
  }

  /** Requests the body to close from any thread, without waiting. */
  void cancel() {
    if (closing) {
      return;
    }
    closing = true;
    Thread bodyThread = thread;
    if (bodyThread != null) {
      interruptBody();
      LockSupport.unpark(bodyThread);
    }
  }

  /** Waits until the body has ended (its finally blocks ran); keeps an interrupt for later. */
  void awaitDoneUninterruptibly() {
    consumer = Thread.currentThread();
    boolean interrupted = false;
    while (phase != DONE) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Spins, then parks, until phase differs from {@code from}; true if interrupted first. */
  private boolean awaitPhaseNot(int from) {
    for (int i = 0; i < SPINS; i++) {
      if (phase != from) {
        return false;
      }
      Thread.onSpinWait();
    }
    while (phase == from) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        return phase == from;
      }
    }
    return false;
  }

  @Override
  public void run() {
    Throwable thrown = closing ? null : runBody(body);
    failure = isOwnExit(thrown, this) ? null : thrown;
    if (registration != null) {
      registration.close();
    }
    phase = DONE;
    LockSupport.unpark(consumer);
  }

  @Override
  Object deliver(T value) {
    item = value;
    phase = YIELDED;
    LockSupport.unpark(consumer);
    for (int i = 0; i < SPINS && phase == YIELDED && !closing; i++) {
      Thread.onSpinWait();
    }
    while (phase == YIELDED && !closing) {
      LockSupport.park(this);
      checkSuspension(Thread.interrupted());
    }
    if (closing) {
      throw closingNow();
    }
    Throwable toThrow = thrownIn;
    if (toThrow != null) {
      thrownIn = null;
      throw Sneaky.rethrow(toThrow);
    }
    return sent;
  }
}
