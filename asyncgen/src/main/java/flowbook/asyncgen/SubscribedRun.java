package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscription to an {@link AsyncGenerator}: the body runs on its own virtual thread and calls
 * {@code onNext} directly from it, within the subscriber's demand.
 */
final class SubscribedRun<T> extends OwnThreadRun<T> implements Flow.Subscription {
  /*
   * State (the tail CLOSING, UNWINDING, ENDED is GeneratorRun's):
   *
   *   NEW --onSubscribe returned--> SUBSCRIBED --first request--> RUNNING --body ends--> ENDED
   *   RUNNING --no demand left--> AWAITING_DEMAND --request--> RUNNING
   *   NEW, SUBSCRIBED --cancel, bad request--> NEVER_STARTED            (no thread, ever)
   *   RUNNING, AWAITING_DEMAND --cancel, bad request, onNext threw--> CLOSING
   *   CLOSING --> UNWINDING --> ENDED
   *
   * AWAITING_DEMAND, taken by the body only around its park in yield, lets a cancel wake the body
   * with a plain unpark: the interrupt that a cancel needs while the body may be in any blocking
   * call costs a lock and a flag each, which is most of the cost of cancelling a million suspended
   * generators (bench/README.md).
   *
   * Who signals the end: the body's thread once it ENDED (onComplete or onError if it ended from
   * RUNNING; nothing after a cancel, RS 1.8); for a bad request (RS 3.9) onError(badRequest) comes
   * from the body's thread if it started, else from the thread that moved the run to
   * NEVER_STARTED (request, or subscribe once onSubscribe returned): no other signal can be in
   * flight then, so signals stay serial (RS 1.3).
   *
   * All other signals come from the body's thread, so they are serial without a lock. The per-item
   * path touches no atomics: the body counts against a budget it claimed from the shared demand in
   * one step and reads the shared demand again only when the budget is spent; request(n) called
   * from onNext, on the body's own thread, adds to the budget directly. The body starts on the
   * first request after onSubscribe returned (RS 1.3: a request made inside onSubscribe must not
   * deliver onNext before it returns).
   */

  static final int NEW = 0; // onSubscribe not yet returned
  static final int SUBSCRIBED = 1; // waiting for the first request
  static final int RUNNING = 2; // the body's thread is started (or being started)
  static final int NEVER_STARTED = 3; // cancelled or failed before the body started: terminal
  static final int AWAITING_DEMAND = 4; // the body is parked in yield until a request comes

  private static final VarHandle DEMAND =
      VarHandles.field(MethodHandles.lookup(), "demand", long.class);

  private final GeneratorBody<T> body;
  private final Flow.Subscriber<? super T> downstream;
  private volatile long demand; // requested, not yet claimed by the body; saturates at MAX_VALUE
  private long budget; // body thread only: claimed demand not yet used
  private volatile Throwable badRequest; // RS 3.9 violation; written before the close request
  private CancellationScope.Registration registration; // set before the body's thread starts

  SubscribedRun(GeneratorBody<T> body, Flow.Subscriber<? super T> downstream) {
    this.body = body;
    this.downstream = downstream;
  }

  /** Calls onSubscribe, then starts the body if it was already asked for items. */
  void subscribe() {
    try {
      downstream.onSubscribe(this);
    } catch (Throwable t) {
      // RS 2.13: a subscriber that throws from onSubscribe is treated as having cancelled
      cancel();
      report(t);
      return;
    }
    if (compareAndSetState(NEW, SUBSCRIBED)) {
      if (demand > 0) {
        start();
      }
    } else {
      signalBadRequest(); // NEVER_STARTED inside onSubscribe: by cancel or by a bad request
    }
  }

  /** SUBSCRIBED to RUNNING: the one thread that wins the transition starts the body. */
  private void start() {
    if (compareAndSetState(SUBSCRIBED, RUNNING)) {
      Thread bodyThread = newBodyThread();
      thread = bodyThread; // a cancel that finds no thread yet is seen by run() at its start
      registration = CancellationScope.register(this::cancel, bodyThread);
      Participation.started();
      bodyThread.start();
    }
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      if (badRequest == null) {
        badRequest =
            new IllegalArgumentException(
                "RS 3.9: request("
                    + n
                    + ") is not allowed, demand must be positive; request at least 1 item");
      }
      if (requestClose("the subscriber made a bad request") == SUBSCRIBED) {
        signalBadRequest(); // nobody else will: the body never starts
      }
      return;
    }
    if (Thread.currentThread() == runningOn) { // from onNext on the body's thread: no atomics
      budget = saturatedAdd(budget, n);
      return;
    }
    long previous;
    long next;
    do {
      previous = demand;
      next = saturatedAdd(previous, n); // RS 3.17: up to Long.MAX_VALUE, then unbounded
    } while (!DEMAND.compareAndSet(this, previous, next));
    if (previous == 0) {
      int current = state;
      if (current == SUBSCRIBED) {
        start();
      } else if (current == RUNNING || current == AWAITING_DEMAND) {
        LockSupport.unpark(thread); // the body may be about to park; null before it exists
      }
    }
  }

  @Override
  public void cancel() {
    requestClose("the subscription was cancelled"); // RS 3.7: idempotent
  }

  /**
   * Takes the close transition that fits the current state and wakes the body if it runs; returns
   * the state it moved from, or the state found if none was taken (already closing or ended).
   */
  private int requestClose(String reason) {
    while (true) {
      int current = state;
      switch (current) {
        case NEW, SUBSCRIBED -> {
          if (compareAndSetState(current, NEVER_STARTED)) {
            return current;
          }
        }
        case RUNNING -> {
          if (compareAndSetClosing(RUNNING, reason)) {
            interruptBody(); // the body may be in any blocking call
            LockSupport.unpark(thread);
            return current;
          }
        }
        case AWAITING_DEMAND -> {
          if (compareAndSetClosing(AWAITING_DEMAND, reason)) {
            LockSupport.unpark(thread); // parked in claimDemand, which sees CLOSING
            return current;
          }
        }
        default -> {
          return current; // NEVER_STARTED, CLOSING, UNWINDING, ENDED: nothing more to do
        }
      }
    }
  }

  private void signalBadRequest() {
    Throwable bad = badRequest;
    if (bad != null) {
      downstream.onError(bad); // RS 3.9
    }
  }

  @Override
  public void run() {
    Throwable failure = state == RUNNING ? runBody(body) : null; // closed before it started
    int endedFrom = end(); // RUNNING (by itself), CLOSING or UNWINDING (closed)
    try {
      Throwable bad = badRequest;
      if (bad != null) {
        downstream.onError(bad); // RS 3.9
      } else if (endedFrom == RUNNING) {
        if (failure == null) {
          downstream.onComplete();
        } else {
          downstream.onError(failure);
        }
      } else if (failure != null && !isOwnExit(failure, this) && !endedByInterrupt(failure)) {
        // after cancel no signal may follow (RS 1.8); an error while closing is still not lost
        report(failure);
      }
    } catch (Throwable t) {
      report(t); // RS 2.13: onError/onComplete must not throw; say so rather than lose it
    } finally {
      if (registration != null) {
        registration.close();
      }
      Participation.ended();
    }
  }

  @Override
  Object deliver(T value) {
    long available = budget;
    if (available == 0) {
      available = claimDemand();
    }
    budget = available == Long.MAX_VALUE ? available : available - 1;
    try {
      downstream.onNext(value);
    } catch (Throwable t) {
      // RS 2.13: onNext must not throw; treat the subscription as cancelled and report it
      requestClose("the subscriber threw from onNext");
      report(t);
      throw exit();
    }
    if (closeRequested()) {
      throw closingNow(); // cancelled from onNext: exit at this yield, as Python does
    }
    return null;
  }

  /** Waits until the subscriber wants more, then claims all it asked for. */
  private long claimDemand() {
    for (; ; ) {
      long requested = demand;
      if (requested == Long.MAX_VALUE) {
        return requested; // unbounded: never claimed, never counted down
      }
      if (requested > 0) {
        if (DEMAND.compareAndSet(this, requested, 0L)) {
          return requested;
        }
        continue;
      }
      if (!compareAndSetState(RUNNING, AWAITING_DEMAND)) {
        throw closingNow(); // CLOSING
      }
      if (demand == 0) { // a request after the read above has unparked us, or will
        Participation.park(this); // woken by request (demand) or requestClose (CLOSING)
      }
      if (!compareAndSetState(AWAITING_DEMAND, RUNNING)) {
        throw closingNow(); // CLOSING
      }
      checkSuspension(Thread.interrupted());
    }
  }

  /** A body that the cancel's interrupt ended in a blocking call ended as asked. */
  private static boolean endedByInterrupt(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException
          || t instanceof java.util.concurrent.CancellationException) {
        return true;
      }
    }
    return false;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
