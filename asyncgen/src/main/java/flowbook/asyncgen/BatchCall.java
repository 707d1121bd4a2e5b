package flowbook.asyncgen;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One call of a {@link Batcher}'s batch function for one batch (or one maxBatchSize part of it).
 */
final class BatchCall<K, V> {
  /*
   * State:
   *
   *   CALLING --the function returned or threw, its stage completed: finish()--> DONE
   *   CALLING --the last caller of its last key cancelled: cancel()--> CANCELLED
   *
   * The two transitions race (a result arriving as the last caller leaves); the compare-and-set
   * decides, and only its winner completes the entries: with the values or the error (DONE), or
   * as cancelled, after interrupting the function's thread and cancelling its stage (CANCELLED).
   *
   * The function runs on a virtual thread that is no participant (Participation): a blocking
   * batch function must not hold back other batchers' flushes. While finish() completes the
   * entries it holds one participation, so bodies woken one by one by those completions do not
   * see "nothing runs" and flush a batch of one before the others woke.
   */

  static final int CALLING = 0; // the function runs, or its stage is pending
  static final int DONE = 1; // the entries were completed with the outcome
  static final int CANCELLED = 2; // every caller left; the entries were cancelled

  private static final VarHandle STATE =
      VarHandles.field(MethodHandles.lookup(), "state", int.class);

  final List<Batcher.Entry<K, V>> entries;
  int liveEntries; // entries with callers left; guarded by the batcher
  private final Batcher<K, V> batcher;
  private volatile int state = CALLING;
  private volatile Thread thread; // runs the function; null before it starts and after it returned
  private volatile CompletableFuture<?> stage; // the function's outcome, cancelled on CANCELLED

  /** Takes {@code entries} out of collecting; called under the batcher's monitor. */
  BatchCall(Batcher<K, V> batcher, List<Batcher.Entry<K, V>> entries) {
    this.batcher = batcher;
    this.entries = entries;
    this.liveEntries = entries.size();
    for (Batcher.Entry<K, V> entry : entries) {
      entry.call = this;
    }
  }

  /** Starts the call on a virtual thread of its own. */
  void start() {
    Thread.ofVirtual().name("flowbook-batcher-call").start(this::run);
  }

  private void run() {
    thread = Thread.currentThread();
    long started = System.nanoTime();
    try {
      if (state != CALLING) {
        return; // cancelled before it started
      }
      Set<K> keys = new LinkedHashSet<>();
      for (Batcher.Entry<K, V> entry : entries) {
        keys.add(entry.key);
      }
      CompletableFuture<? extends Map<K, ? extends V>> outcome =
          batcher.call(Collections.unmodifiableSet(keys));
      stage = outcome;
      if (state == CANCELLED) {
        outcome.cancel(true); // cancel() came before `stage` was set
      }
      outcome.whenComplete(
          (values, error) -> finish(values, Async.unwrap(error), System.nanoTime() - started));
    } finally {
      thread = null;
      Thread.interrupted(); // a cancel's interrupt that came after the function returned
    }
  }

  /** CALLING to DONE: completes every entry with its value or the call's error. */
  private void finish(Map<K, ? extends V> values, Throwable error, long nanos) {
    if (!STATE.compareAndSet(this, CALLING, DONE)) {
      return; // CANCELLED: the entries were cancelled already
    }
    if (error == null && values == null) {
      error =
          new NullPointerException(
              "the batch function returned null for keys "
                  + keysOf(entries)
                  + "; return a Map, empty if none of the keys exists");
    }
    List<Batcher.Entry<K, V>> failed = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (Batcher.Entry<K, V> entry : entries) {
      if (error != null) {
        failed.add(entry);
        failures.add(error);
      } else if (!values.containsKey(entry.key)) {
        failed.add(entry);
        failures.add(missing(entry.key, values.size()));
      }
    }
    batcher.ended(this, nanos, error != null, failed); // forgets the failed keys first
    Participation.hold();
    try {
      int next = 0;
      for (Batcher.Entry<K, V> entry : entries) {
        if (next < failed.size() && failed.get(next) == entry) {
          entry.value.completeExceptionally(failures.get(next++));
        } else {
          entry.value.complete(values.get(entry.key));
        }
      }
    } finally {
      Participation.ended();
    }
  }

  /** CALLING to CANCELLED: every caller left; called under the batcher's monitor. */
  void cancel() {
    if (!STATE.compareAndSet(this, CALLING, CANCELLED)) {
      return; // DONE: the outcome is being delivered
    }
    batcher.cancelled(this);
    Thread running = thread;
    if (running != null) {
      running.interrupt(); // a blocking function ends early; the thread ends with it
    }
    CompletableFuture<?> pending = stage;
    if (pending != null) {
      pending.cancel(true);
    }
    for (Batcher.Entry<K, V> entry : entries) {
      entry.value.cancel(false); // nobody copies it any more: every caller is done
    }
  }

  private static NoSuchElementException missing(Object key, int size) {
    return new NoSuchElementException(
        "no value for key "
            + key
            + " ("
            + key.getClass().getSimpleName()
            + "): the map the batch function returned ("
            + size
            + (size == 1 ? " entry" : " entries")
            + ") has no entry for it; map every key that exists, to null if need be");
  }

  private static <K> List<K> keysOf(List<? extends Batcher.Entry<K, ?>> entries) {
    List<K> keys = new ArrayList<>();
    for (Batcher.Entry<K, ?> entry : entries) {
      keys.add(entry.key);
    }
    return keys;
  }
}
