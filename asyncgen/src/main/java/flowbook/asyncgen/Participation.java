package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final AtomicInteger RUNNING = new AtomicInteger(); // participants not parked
  private static final ConcurrentLinkedQueue<Batcher<?, ?>> PENDING = // batchers with keys to send
      new ConcurrentLinkedQueue<>();

  private Participation() {}

  /** A participant is about to start: call before {@code Thread.start}. */
  static void started() {
    RUNNING.incrementAndGet();
  }

  /** A participant's thread ends (or a hold ends): may flush. */
  static void ended() {
    if (RUNNING.decrementAndGet() == 0) {
      flushPending();
    }
  }

  /** A batch call delivering results counts as running until {@link #ended()}. */
  static void hold() {
    RUNNING.incrementAndGet();
  }

  /** The number of participants running now; a snapshot, for tests. */
  static int running() {
    return RUNNING.get();
  }

  /** True if the current thread counts; see the design comment. */
  static boolean isParticipant(Thread thread) {
    return thread.getUncaughtExceptionHandler() instanceof Participant
        || GeneratorRun.runsInlineOnForeignThread();
  }

  /** A batcher got its first pending key: the next time nothing runs, it is flushed. */
  static void pending(Batcher<?, ?> batcher) {
    PENDING.add(batcher); // no flush here: the loading thread may load more keys before it parks
  }

  /** A batcher's batch went out by its maxDelay: it has nothing pending until its next key. */
  static void forget(Batcher<?, ?> batcher) {
    PENDING.remove(batcher); // keeps the queue short when nothing ever reaches zero
  }

  /** Flushes every batcher with pending keys, each on its own virtual thread. */
  static void flushPending() {
    Batcher<?, ?> batcher;
    while ((batcher = PENDING.poll()) != null) {
      batcher.flush();
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
    if (RUNNING.get() == 0 && !PENDING.isEmpty()) {
      flushPending();
    }
    return false;
  }

  /** After a park announced with {@link #parking()} returning true. */
  static void unparked() {
    RUNNING.incrementAndGet();
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
      } else if (RUNNING.get() == 0 && !PENDING.isEmpty()) {
        flushPending();
      }
    }

    @Override
    public void accept(Object value, Throwable error) {
      if (counted && RESUMED.compareAndSet(this, false, true)) {
        RUNNING.incrementAndGet();
      }
      LockSupport.unpark(waiter);
    }

    /** The waiter returns from its wait, whatever the reason: counted running if not yet. */
    void resumed() {
      if (counted && !resumed && RESUMED.compareAndSet(this, false, true)) {
        RUNNING.incrementAndGet();
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
