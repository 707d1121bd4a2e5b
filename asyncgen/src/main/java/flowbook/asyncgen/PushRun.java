package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscription to an {@link AsyncGenerator}: the body runs on its own virtual thread and calls
 * {@code onNext} directly from it, within the subscriber's demand.
 */
final class PushRun<T> extends GeneratorRun<T> implements Flow.Subscription, Runnable {
  /*
   * All signals (onNext, onError, onComplete) come from the body's thread, so they are serial
   * (RS 1.3) without a lock. The per-item path touches no atomics: the body counts against a
   * budget it claimed from the shared demand in one step and reads the shared demand again only
   * when the budget is spent; request(n) called from onNext, on the body's own thread, adds to the
   * budget directly. The body starts on the first request after onSubscribe returned (RS 1.3: a
   * request made inside onSubscribe must not deliver onNext before it returns).
   */

  private static final int NEW = 0; // onSubscribe not yet returned
  private static final int SUBSCRIBED = 1; // waiting for the first request
  private static final int STARTED = 2; // the body's thread exists
  private static final int FINISHED = 3; // never started, or the body's thread ended

  private static final VarHandle DEMAND;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DEMAND = lookup.findVarHandle(PushRun.class, "demand", long.class);
      STATE = lookup.findVarHandle(PushRun.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final GeneratorBody<T> body;
  private final Flow.Subscriber<? super T> downstream;
  private volatile long demand; // requested, not yet claimed by the body; saturates at MAX_VALUE
  private volatile int state; // NEW, SUBSCRIBED, STARTED or FINISHED
  private long budget; // body thread only: claimed demand not yet used
  private volatile Throwable badRequest; // RS 3.9 violation, signalled by the body's thread
  private CancellationScope.Registration registration; // set before the body's thread starts

  PushRun(GeneratorBody<T> body, Flow.Subscriber<? super T> downstream) {
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
      Thread.currentThread()
          .getUncaughtExceptionHandler()
          .uncaughtException(Thread.currentThread(), t);
      return;
    }
    if (STATE.compareAndSet(this, NEW, SUBSCRIBED)
        && (badRequest != null || (demand > 0 && !closing))) {
      start();
    }
  }

  private void start() {
    Thread bodyThread = Thread.ofVirtual().unstarted(this);
    thread = bodyThread; // published to other threads by the state write below
    if (STATE.compareAndSet(this, SUBSCRIBED, STARTED)) {
      registration = CancellationScope.register(this::cancel, bodyThread);
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
      cancel();
      wake(); // the body's thread signals onError, also when it has not started yet
      return;
    }
    if (Thread.currentThread() == thread) { // from onNext on the body's thread: no atomics
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
      wake();
    }
  }

  private void wake() {
    int current = state;
    if (current == SUBSCRIBED) {
      start();
    } else if (current == STARTED) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void cancel() {
    if (closing) {
      return; // RS 3.7: idempotent
    }
    closing = true;
    if (badRequest == null && STATE.compareAndSet(this, SUBSCRIBED, FINISHED)) {
      return; // never started: nothing to clean up
    }
    if (state == STARTED) {
      interruptBody();
      LockSupport.unpark(thread);
    }
    // NEW: subscribe() sees no demand once onSubscribe returns, and never starts the body
  }

  @Override
  public void run() {
    Throwable failure = closing ? null : runBody(body);
    state = FINISHED;
    try {
      Throwable bad = badRequest;
      if (bad != null) {
        downstream.onError(bad); // RS 3.9
      } else if (!closing) {
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
      closing = true;
      report(t);
      throw exit("the subscriber threw from onNext");
    }
    if (closing) {
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
      if (closing) {
        throw closingNow();
      }
      LockSupport.park(this);
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

  private static void report(Throwable t) {
    Thread.currentThread()
        .getUncaughtExceptionHandler()
        .uncaughtException(Thread.currentThread(), t);
  }
}
