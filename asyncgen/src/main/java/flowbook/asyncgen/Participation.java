package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Counts the participants that are running, not parked in the library, and flushes every {@link
 * Batcher} with pending keys when that count reaches zero: asynq's rule "a batch goes out when
 * nothing else can run".
 */
final class Participation {
  /*
   * Who participates. Code the library runs and can therefore see suspend:
   *
   *   - every thread the library starts for user code: a subscribed or iterated body's own thread
   *     (OwnThreadRun), an operator's UpstreamThread, buffer()'s producer, the thread of a
   *     non-blocking terminal and of Async.run (Terminals.inBackground). These carry the marker
   *     interface Participant as their uncaught-exception handler (OwnThreadRun already is their
   *     handler), which costs no ThreadLocal;
   *   - any other thread while it runs a generator body inline (forEach, toList, ...: the
   *     outermost InlineRun on a thread the library did not start).
   *
   * A participant counts as running from before its thread starts (the starter adds it, so the
   * starter's own park cannot see zero in between) until its thread ends, except while it is
   * parked in the library's await, get, a yield waiting for demand, or an iterator's wait.
   *
   * Counting a wake-up. A participant parked in await is counted running again by whoever
   * completes the awaited stage, before the unpark (the Wake below), not when its thread gets a
   * carrier: otherwise a batch result that wakes 100 bodies would see the first of them park again
   * while the 99 others are still counted parked, and flush a batch of one. For the same reason a
   * batch call counts itself running while it completes its callers' futures (hold/release).
   * Parks in yield and in an iterator are counted running again when they return; a consumer that
   * wakes them is running itself, or is a thread the library cannot see.
   *
   * One wait, as seen by the counter (Wake's state):
   *
   *     PARKED --the stage completed: the completer adds 1, then unparks--> RESUMED
   *     PARKED --the waiter left for another reason (close, interrupt): it adds 1--> RESUMED
   *
   * Only the winner of that compare-and-set adds, so each wait is counted back exactly once.
   *
   *   running: 0 --a participant starts--> 1 .. n --parks, ends--> 0 : flush every pending batcher
   *
   * Which batchers a zero flushes. A flush at zero can take a while (one virtual thread started per
   * call), and meanwhile a batch call from an earlier zero may deliver its results and wake bodies
   * that load the next level's keys: those keys belong to the next zero, when the woken bodies have
   * parked again, not to this flush (it would send the first of them alone). So every drop to zero
   * opens a new idle epoch, counted in the same atomic word as the running count so that "the count
   * reached zero" and "which epoch that began" are one observation; a batcher remembers the epoch
   * in which it got its first pending key, and a zero flushes only batchers that became pending in
   * an earlier epoch, before the participants it waited for parked. Later ones are queued again
   * for the next zero (and for their maxDelay meanwhile).
   *
   *   STATE = epoch << 32 | running
   *   running 1 --ended()--> 0, epoch + 1 : flush batchers pending since an epoch < the new one
   *
   * A thread that is no participant (a cell's own thread calling get, a platform thread) is never
   * counted: its park flushes only if no participant runs, and a key it loads while participants
   * run waits for them or for the batcher's maxDelay, whichever is first. So does a key loaded
   * while a participant is stuck in a blocking call the library cannot see (Thread.sleep, a
   * blocking HttpClient.send): nothing waits longer than maxDelay after the batch stopped growing,
   * nor 10 x maxDelay in all (Batcher.flushAfterDelay).
   *
   * The count is one for the whole JVM, not per cell: work in the background that keeps running
   * delays batches by at most maxDelay, and a flush from someone else's idle moment only makes a
   * batch smaller, never wrong.
   */

  /** Marks a thread the library started for user code; see the design comment. */
  interface Participant {}

  /** The uncaught-exception handler that marks the library's own threads as participants. */
  static final Thread.UncaughtExceptionHandler THREAD = new Marker();

  private static final long EPOCH = 1L << 32; // one idle epoch in STATE's upper half
  private static final long COUNT = EPOCH - 1; // the running count, STATE's lower half
  private static final AtomicLong STATE = new AtomicLong(); // epoch << 32 | participants not parked
  private static final ConcurrentLinkedQueue<Pending> PENDING = new ConcurrentLinkedQueue<>();

  /** A batcher with keys to send, since idle epoch {@code since}. */
  private record Pending(Batcher<?, ?> batcher, int since) {}

  /** The idle epoch in a STATE value; epochs wrap around, so compare them by difference. */
  private static int epochOf(long state) {
    return (int) (state >>> 32);
  }

  private Participation() {}

  /** A participant is about to start: call before {@code Thread.start}. */
  static void started() {
    STATE.incrementAndGet();
  }

  /**
   * A participant's thread ends (or a hold ends, or it parks): at zero, opens an epoch and flushes.
   */
  static void ended() {
    long now;
    long next;
    do {
      now = STATE.get();
      next = (now & COUNT) == 1 ? now - 1 + EPOCH : now - 1;
    } while (!STATE.compareAndSet(now, next));
    if ((next & COUNT) == 0) {
      flushPending(epochOf(next), false);
    }
  }

  /** A batch call delivering results counts as running until {@link #ended()}. */
  static void hold() {
    STATE.incrementAndGet();
  }

  /** The number of participants running now; a snapshot. */
  static int running() {
    return (int) (STATE.get() & COUNT);
  }

  /** True if the current thread counts; see the design comment. */
  static boolean isParticipant(Thread thread) {
    return thread.getUncaughtExceptionHandler() instanceof Participant
        || GeneratorRun.runsInlineOnForeignThread();
  }

  /** A batcher got its first pending key: the next time nothing runs, it is flushed. */
  static void pending(Batcher<?, ?> batcher) {
    // no flush here: the loading thread may load more keys before it parks
    PENDING.add(new Pending(batcher, epochOf(STATE.get())));
  }

  /** A batcher's batch went out by its maxDelay: it has nothing pending until its next key. */
  static void forget(Batcher<?, ?> batcher) {
    PENDING.removeIf(pending -> pending.batcher() == batcher); // keeps the queue short
  }

  /**
   * Flushes every batcher that became pending before idle epoch {@code epoch} began (or every one,
   * with {@code all}), each call on its own virtual thread; queues the others again (see the design
   * comment).
   */
  private static void flushPending(int epoch, boolean all) {
    List<Pending> later = null;
    Pending pending;
    while ((pending = PENDING.poll()) != null) {
      if (all || epoch - pending.since() > 0) {
        pending.batcher().flush();
      } else {
        if (later == null) {
          later = new ArrayList<>();
        }
        later.add(pending);
      }
    }
    if (later != null) {
      PENDING.addAll(later);
      long now = STATE.get(); // a zero that came while `later` was out of the queue missed them
      if ((now & COUNT) == 0 && epochOf(now) != epoch) {
        flushPending(epochOf(now), false);
      }
    }
  }

  /** A thread that is no participant parks: if nothing runs, every pending batcher goes out. */
  private static void flushIfIdle() {
    if ((STATE.get() & COUNT) == 0 && !PENDING.isEmpty()) {
      flushPending(0, true);
    }
  }

  /**
   * Before a park that the counter should see: the waiter leaves the running count (flushing at
   * zero) if it participates; a foreign thread flushes if nothing runs. Returns whether the caller
   * must call {@link #unparked()} after the park.
   */
  static boolean parking() {
    if (isParticipant(Thread.currentThread())) {
      ended();
      return true;
    }
    flushIfIdle();
    return false;
  }

  /** After a park announced with {@link #parking()} returning true. */
  static void unparked() {
    STATE.incrementAndGet();
  }

  /** Parks like {@link LockSupport#park(Object)}, counted as parked meanwhile. */
  static void park(Object blocker) {
    boolean counted = parking();
    LockSupport.park(blocker);
    if (counted) {
      unparked();
    }
  }

  /**
   * The completion callback of one await: counts the waiter running again, then unparks it (see
   * PARKED/RESUMED in the design comment).
   */
  static final class Wake implements BiConsumer<Object, Throwable> {
    private static final VarHandle RESUMED =
        VarHandles.field(MethodHandles.lookup(), "resumed", boolean.class);

    private final Thread waiter;
    private final boolean counted; // the waiter left the running count for this wait
    private volatile boolean resumed; // PARKED (false) until counted running again (true)

    /** A wake-up for the current thread; leaves the running count if it participates. */
    Wake() {
      this.waiter = Thread.currentThread();
      this.counted = isParticipant(waiter);
    }

    /** Call after registering this wake on the stage, before parking. */
    void parking() {
      if (counted) {
        ended();
      } else {
        flushIfIdle();
      }
    }

    @Override
    public void accept(Object value, Throwable error) {
      if (counted && RESUMED.compareAndSet(this, false, true)) {
        STATE.incrementAndGet();
      }
      LockSupport.unpark(waiter);
    }

    /** The waiter returns from its wait, whatever the reason: counted running if not yet. */
    void resumed() {
      if (counted && !resumed && RESUMED.compareAndSet(this, false, true)) {
        STATE.incrementAndGet();
      }
    }
  }

  /** Delegates uncaught exceptions to the thread's group, as a thread without a handler does. */
  private static final class Marker implements Thread.UncaughtExceptionHandler, Participant {
    @Override
    public void uncaughtException(Thread thread, Throwable error) {
      thread.getThreadGroup().uncaughtException(thread, error);
    }
  }
}
