package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * A body on its own virtual thread, advanced in lockstep by a consumer on another thread: each
 * {@link #advance} lets the body run to its next yield (or its end) and waits for it there. The
 * engine of {@link GeneratorIterator}.
 */
final class IteratedRun<T> extends OwnThreadRun<T> {
  /*
   * State (the tail CLOSING, UNWINDING, ENDED is GeneratorRun's). Exactly one side runs at a time;
   * a consumer call owns the run from RESUMING until it returns:
   *
   *   NEW, SUSPENDED --advance--> RESUMING --> RUNNING --body yields--> YIELDED
   *   YIELDED --the call returns the value--> SUSPENDED   YIELDED --hasNext--> HOLDING
   *   HOLDING --next--> SUSPENDED                         RUNNING --body ends--> ENDED
   *   NEW --close, throwInto--> ENDED (never started)
   *   RUNNING, YIELDED, HOLDING, SUSPENDED --requestClose (any thread)--> CLOSING
   *   CLOSING --> UNWINDING --> ENDED
   *
   *   RESUMING   a consumer call claimed the run and hands the body `sent`/`thrownIn`, `waiter`;
   *              held for a few instructions, so requestClose spins until it becomes RUNNING.
   *   RUNNING    the body runs towards its next yield; `waiter` waits for it.
   *   YIELDED    the body waits in yield; `item` is the waiting call's value.
   *   HOLDING    the body waits in yield; `item` was fetched by hasNext() and is next()'s.
   *   SUSPENDED  the body waits in yield; nothing pending.
   *
   * A consumer call finding RESUMING, RUNNING or YIELDED is a second caller while one runs (the
   * body itself, or another thread): refused, as Python's "already running". requestClose wakes
   * both sides: the waiting call returns at once with the end of the generator (close owns the
   * cleanup and its failure), and the body gets GeneratorExit at its suspension point. Closers wait
   * for the body's thread to end.
   *
   * Each side spins before parking: when the other side answers within the spin (both on a core),
   * the hand-over costs no park/unpark. Measured on 2 cores (bench/README.md): 200 spins (~3 us)
   * parked on 70% of items, 0.09 M items/s; 3,000-10,000 spins (~40-130 us) avoided parking, 2-2.8
   * M items/s. The spin is bounded, so a side that waits long (a body awaiting I/O) still parks.
   */

  static final int NEW = 0; // not started
  static final int RESUMING = 1; // a consumer call is handing the body what it resumes with
  static final int RUNNING = 2; // the body runs towards its next yield
  static final int YIELDED = 3; // the body waits in yield; `item` is for the waiting call
  static final int HOLDING = 4; // the body waits in yield; `item` awaits next()
  static final int SUSPENDED = 5; // the body waits in yield; nothing pending

  private static final int SPINS = 5_000;

  private static final VarHandle CLEANUP_FAILURE =
      VarHandles.field(MethodHandles.lookup(), "cleanupFailure", Throwable.class);

  private final GeneratorBody<T> body;
  private Object sent; // what send() passes to the suspended yield; written in RESUMING
  private Throwable thrownIn; // what throwInto() raises in the suspended yield; written in RESUMING
  private Thread waiter; // the consumer call waiting for the body; written in RESUMING
  private T item; // the value of the last yield, valid in YIELDED and HOLDING
  private Throwable failure; // what the body threw on its own; the waiting call's, read in ENDED
  private volatile Throwable cleanupFailure; // what the body threw while closing; close()'s, once
  private CancellationScope.Registration registration;

  IteratedRun(GeneratorBody<T> body) {
    this.body = body;
  }

  /**
   * Lets the body run to its next yield and returns true, or false if it ended, or at once if the
   * generator is closing or closed. With {@code hold} the value stays pending (HOLDING) for {@link
   * #takeHeld}; otherwise {@link #item} may be read right after.
   *
   * @throws IllegalStateException if another call is running the body (the body itself, or a second
   *     thread), or HOLDING (a value fetched by hasNext() waits for next())
   * @throws CancellationException if this thread is interrupted while waiting: the generator was
   *     closed and its finally blocks ran; the interrupt status is kept
   */
  boolean advance(Object sendValue, Throwable throwValue, boolean hold) {
    int from = claim();
    if (from != NEW && from != SUSPENDED) {
      return false; // closing or ended
    }
    sent = sendValue;
    thrownIn = throwValue;
    waiter = Thread.currentThread();
    if (from == NEW) {
      Thread bodyThread = newBodyThread();
      thread = bodyThread;
      registration = CancellationScope.register(this::requestClose, bodyThread);
      state = RUNNING; // nobody else changes RESUMING; the body starts in RUNNING
      Participation.started();
      bodyThread.start();
    } else {
      state = RUNNING;
      LockSupport.unpark(thread);
    }
    if (awaitStateNot(RUNNING)) {
      requestClose();
      awaitEnd();
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException(
              "interrupted while waiting for the generator; it was closed and its finally blocks"
                  + " ran");
      Throwable thrown = takeCleanupFailure();
      if (thrown != null) {
        cancelled.addSuppressed(thrown);
      }
      throw cancelled;
    }
    while (true) {
      int now = state;
      if (now == YIELDED) {
        if (compareAndSetState(YIELDED, hold ? HOLDING : SUSPENDED)) {
          return true;
        }
      } else if (now == ENDED) {
        Throwable thrown = failure; // ENDED from RUNNING: the body ended by itself
        if (thrown != null) {
          failure = null;
          throw Sneaky.rethrow(thrown);
        }
        return false;
      } else {
        return false; // CLOSING or UNWINDING: closed from another thread while we waited
      }
    }
  }

  /** NEW or SUSPENDED to RESUMING for a new consumer call; returns the state it found. */
  private int claim() {
    while (true) {
      int current = state;
      switch (current) {
        case NEW, SUSPENDED -> {
          if (compareAndSetState(current, RESUMING)) {
            return current;
          }
        }
        case RESUMING, RUNNING, YIELDED -> throw alreadyRunning();
        case HOLDING ->
            throw new IllegalStateException(
                "hasNext() already advanced the generator to its next value; call next() to take"
                    + " it before send or throwInto");
        default -> {
          return current; // CLOSING, UNWINDING, ENDED
        }
      }
    }
  }

  static IllegalStateException alreadyRunning() {
    return new IllegalStateException(
        "the generator is already running (Python: 'anext(): asynchronous generator is already"
            + " running'): its body, or another thread, is driving this iterator right now; drive"
            + " an iterator from one thread at a time, and never from its own body");
  }

  /** HOLDING to SUSPENDED: the value hasNext() fetched, for next(); null if none is held. */
  T takeHeld() {
    return compareAndSetState(HOLDING, SUSPENDED) ? item : null;
  }

  /** The value of the last yield, right after {@link #advance} returned true without hold. */
  T item() {
    return item;
  }

  boolean holding() {
    return state == HOLDING;
  }

  boolean started() {
    return state != NEW;
  }

  /** True once closing or ended: no value will come any more. */
  boolean finished() {
    int current = state;
    return current >= CLOSING;
  }

  /** NEW to ENDED, for throwInto() on a generator that never ran; false if it started. */
  boolean closeUnstarted() {
    return compareAndSetState(NEW, ENDED);
  }

  /**
   * Requests the body to close from any thread, without waiting: a live state moves to CLOSING, the
   * body is woken (and interrupted, to end a blocking call), and so is a consumer call waiting.
   * Returns true if this call took the transition.
   */
  boolean requestClose() {
    while (true) {
      int current = state;
      switch (current) {
        case NEW -> {
          if (compareAndSetState(NEW, ENDED)) {
            return true;
          }
        }
        case RESUMING -> Thread.onSpinWait(); // a consumer call is about to publish RUNNING
        case RUNNING, YIELDED, HOLDING, SUSPENDED -> {
          if (compareAndSetClosing(current, "the iterator was closed")) {
            interruptBody();
            LockSupport.unpark(thread);
            if (current == RUNNING || current == YIELDED) {
              LockSupport.unpark(waiter); // written in RESUMING, before RUNNING was published
            }
            return true;
          }
        }
        default -> {
          return false; // CLOSING, UNWINDING, ENDED
        }
      }
    }
  }

  /**
   * Closes the generator and waits until its body ended, for close(): throws what the body threw
   * while closing, once. Refused from the body itself, which would wait for itself.
   */
  void close() {
    if (Thread.currentThread() == thread && state != ENDED) {
      throw alreadyRunning();
    }
    requestClose();
    awaitEnd();
    Throwable thrown = takeCleanupFailure();
    if (thrown != null) {
      throw Sneaky.rethrow(thrown);
    }
  }

  /** Waits until the body's thread ended (its finally blocks ran); keeps an interrupt for later. */
  private void awaitEnd() {
    Thread bodyThread = thread;
    if (bodyThread != null) { // null: never started
      joinUninterruptibly(bodyThread);
    }
  }

  private Throwable takeCleanupFailure() {
    return (Throwable) CLEANUP_FAILURE.getAndSet(this, null);
  }

  /** Spins, then parks, until the state differs from {@code from}; true if interrupted first. */
  private boolean awaitStateNot(int from) {
    for (int i = 0; i < SPINS; i++) {
      if (state != from) {
        return false;
      }
      Thread.onSpinWait();
    }
    while (state == from) {
      Participation.park(this);
      if (Thread.interrupted()) {
        if (state == from) {
          return true;
        }
        Thread.currentThread().interrupt(); // the body answered first: keep it for later
        return false;
      }
    }
    return false;
  }

  @Override
  public void run() {
    try {
      runAndEnd();
    } finally {
      Participation.ended();
    }
  }

  private void runAndEnd() {
    Throwable thrown = state == RUNNING ? runBody(body) : null; // closed before it started
    Throwable escaped = isOwnExit(thrown, this) ? null : thrown;
    if (registration != null) {
      registration.close();
    }
    failure = escaped; // published by the transition below
    if (compareAndSetState(RUNNING, ENDED)) { // ended by itself: no interrupt can follow
      LockSupport.unpark(waiter); // the waiting call takes the failure, if any
      return;
    }
    failure = null; // closed meanwhile: the waiting call was released with the end already
    cleanupFailure = escaped; // close() reports it
    end();
  }

  @Override
  Object deliver(T value) {
    item = value;
    if (!compareAndSetState(RUNNING, YIELDED)) {
      throw closingNow(); // closed while the body ran: CLOSING
    }
    LockSupport.unpark(waiter);
    for (int i = 0; i < SPINS && isWaitingInYield(state); i++) {
      Thread.onSpinWait();
    }
    while (isWaitingInYield(state)) {
      Participation.park(this);
      checkSuspension(Thread.interrupted());
    }
    if (state != RUNNING) {
      throw closingNow(); // CLOSING
    }
    Throwable toThrow = thrownIn;
    if (toThrow != null) {
      thrownIn = null;
      throw Sneaky.rethrow(toThrow);
    }
    return sent;
  }

  private static boolean isWaitingInYield(int state) {
    return state == YIELDED || state == HOLDING || state == SUSPENDED || state == RESUMING;
  }
}
