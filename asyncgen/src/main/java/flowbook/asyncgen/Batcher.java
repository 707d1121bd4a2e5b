package flowbook.asyncgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Turns many single-key loads made at about the same time into few calls of a batch function: the
 * N+1 problem solved without changing the code that asks for one key at a time (asynq's batching,
 * graphql-java's DataLoader without its {@code dispatch()}).
 *
 * <pre>{@code
 * Batcher<Long, User> users = Batcher.of(ids -> api.users(ids)); // one call for many ids
 * User u = users.get(42L);                     // parks like await(users.load(42L))
 * CompletableFuture<User> f = users.load(42L); // for mapAsync and friends
 * }</pre>
 *
 * <p><b>When a batch goes out.</b>
 *
 * <ul>
 *   <li>When every participant that could still add a key is parked: every generator body, {@code
 *       mapAsync} task, {@link Async#run} body and {@code buffer} producer the library runs, parked
 *       in {@code await}, {@link #get}, a {@code yield} waiting for demand or an iterator's wait.
 *       Then the pending keys of every batcher go out at once, each batcher's call on a virtual
 *       thread of its own. No {@code dispatch()} call is needed.
 *   <li>A thread the library does not run (a platform thread, the code of a cell outside any
 *       generator) that parks in {@link #get} or {@code await} flushes when no participant runs.
 *   <li>At the latest {@link #maxDelay} (default 5 ms) after the batch's first key, or, while
 *       participants run and keep adding keys, after its latest key, and never later than 10 x
 *       maxDelay after the first: a load from a thread the library cannot see, or while a
 *       participant is stuck in a blocking call it cannot see ({@code Thread.sleep}, a blocking
 *       {@code HttpClient.send}), still goes out.
 *   <li>A batch of more than {@link #maxBatchSize} keys is split into calls of at most that many
 *       keys, made concurrently.
 * </ul>
 *
 * <p><b>Dedup and cache.</b> A key is sent once per batch however often it is loaded. With the
 * cache on (the default) the future of each key is kept as long as the batcher, so a later load of
 * that key is answered without a call ({@link #clear}, {@link #clearAll}, {@link #prime}); with
 * {@link #cache cache(false)} keys are deduplicated only within a batch. Failures are never cached:
 * the next load of a key whose load failed asks again.
 *
 * <p><b>Errors.</b> A key missing from the map the batch function returned fails only its own
 * loads, with a {@link java.util.NoSuchElementException} naming the key. An exception thrown by the
 * batch function (or a failed stage of {@link #ofAsync}) fails every load of that call with that
 * same exception; {@link #get} rethrows it unchanged.
 *
 * <p><b>Cancellation.</b> Each load gets a future of its own: cancelling it does not cancel another
 * caller's load of the same key. A call whose loads were all cancelled is cancelled: its thread is
 * interrupted (an {@link #ofAsync} stage is cancelled), its keys are not cached. A generator body
 * closed while it waits in {@link #get} (cancel, a cell's interrupt through {@link
 * CancellationScope}) cancels its load the same way.
 *
 * <p><b>Threads.</b> A batch function runs on a virtual thread of its own, which is not a
 * participant: a load made inside a batch function is bounded by {@code maxDelay}. All methods may
 * be called from any thread.
 *
 * <p>A batcher shown as a notebook cell's value reads as its counters ({@link #toString}, {@link
 * #toHtml}); {@link #stats()} returns them.
 *
 * @param <K> the type of the keys; used in a {@code Map}, so equals and hashCode matter
 * @param <V> the type of the values
 */
public final class Batcher<K, V> {
  /*
   * Structure. `collecting` holds the keys of the next batch and `cache` the futures of every key
   * loaded (when on); both, the counters and each entry's count of live callers are guarded by this
   * batcher's monitor, held only for map updates, never while calling out. A flush (from
   * Participation when nothing runs, or from the maxDelay timer of the batch's `generation`)
   * splits `collecting` into BatchCalls of at most maxBatchSize keys and starts each on a virtual
   * thread; BatchCall has the state machine of one call. Each load gets a Caller future completed
   * from its entry's shared future, so a caller's cancel reaches only its entry's count: at zero
   * the key leaves a batch still collecting, or, once all keys of a call lost their callers, the
   * call is cancelled.
   */

  static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(5);

  private final ThrowingFunction<? super Set<K>, ? extends Map<K, ? extends V>> function;
  private final ThrowingFunction<
          ? super Set<K>, ? extends CompletionStage<? extends Map<K, ? extends V>>>
      asyncFunction;
  private final int maxBatchSize;
  private final Duration maxDelay;
  private final boolean cacheEnabled;

  private final Map<K, Entry<K, V>> cache = new HashMap<>(); // guarded by this
  private LinkedHashMap<K, Entry<K, V>> collecting = new LinkedHashMap<>(); // guarded by this
  private boolean queued; // collecting was handed to Participation; guarded by this
  private long generation; // counts flushes: a maxDelay timer flushes only its own batch
  private long firstKeyNanos; // when the batch being collected got its first key
  private long lastKeyNanos; // when it got its latest key
  private long loads; // guarded by this, as all counters
  private long cacheHits;
  private long calls;
  private long keys;
  private long failedCalls;
  private long cancelledCalls;
  private long nanosInCalls;

  private Batcher(
      ThrowingFunction<? super Set<K>, ? extends Map<K, ? extends V>> function,
      ThrowingFunction<? super Set<K>, ? extends CompletionStage<? extends Map<K, ? extends V>>>
          asyncFunction,
      int maxBatchSize,
      Duration maxDelay,
      boolean cacheEnabled) {
    this.function = function;
    this.asyncFunction = asyncFunction;
    this.maxBatchSize = maxBatchSize;
    this.maxDelay = maxDelay;
    this.cacheEnabled = cacheEnabled;
  }

  /**
   * A batcher whose batch function returns the values of a set of keys.
   *
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param batchFunction given the distinct keys of one call (at most {@link #maxBatchSize}, never
   *     empty, in the order they were first loaded), returns a map with a value for each key that
   *     exists; may block (it runs on a virtual thread of its own) and may throw; not null
   * @return a new batcher: cache on, no batch size limit, maxDelay 5 ms
   * @throws NullPointerException if batchFunction is null
   */
  public static <K, V> Batcher<K, V> of(
      ThrowingFunction<? super Set<K>, ? extends Map<K, ? extends V>> batchFunction) {
    Objects.requireNonNull(
        batchFunction, "Batcher.of(null): pass the function from a set of keys to a map of values");
    return new Batcher<>(batchFunction, null, Integer.MAX_VALUE, DEFAULT_MAX_DELAY, true);
  }

  /**
   * A batcher whose batch function starts an asynchronous call and returns its stage; no thread
   * waits while the call runs.
   *
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @param batchFunction given the distinct keys of one call, returns a stage completing with a map
   *     holding a value for each key that exists; a failed stage fails every load of the call with
   *     the stage's exception; not null
   * @return a new batcher: cache on, no batch size limit, maxDelay 5 ms
   * @throws NullPointerException if batchFunction is null
   */
  public static <K, V> Batcher<K, V> ofAsync(
      ThrowingFunction<? super Set<K>, ? extends CompletionStage<? extends Map<K, ? extends V>>>
          batchFunction) {
    Objects.requireNonNull(
        batchFunction,
        "Batcher.ofAsync(null): pass the function from a set of keys to a stage of a map of values");
    return new Batcher<>(null, batchFunction, Integer.MAX_VALUE, DEFAULT_MAX_DELAY, true);
  }

  /**
   * A batcher like this one whose calls carry at most {@code size} keys; a larger batch is split
   * into calls made concurrently.
   *
   * @param size the largest number of keys per call, at least 1
   * @return a new batcher with the same function and settings, an empty cache and zero counters
   * @throws IllegalArgumentException if size is less than 1
   */
  public Batcher<K, V> maxBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException(
          "maxBatchSize(" + size + "): a call needs at least 1 key; pass 1 or more");
    }
    return new Batcher<>(function, asyncFunction, size, maxDelay, cacheEnabled);
  }

  /**
   * A batcher like this one whose batches wait at most {@code delay} for participants to park: the
   * bound for loads from threads the library cannot see. A batch goes out {@code delay} after its
   * first key, or, while participants run and keep adding keys, {@code delay} after its latest key,
   * and never later than 10 x {@code delay} after its first.
   *
   * @param delay the longest wait, positive; not null
   * @return a new batcher with the same function and settings, an empty cache and zero counters
   * @throws NullPointerException if delay is null
   * @throws IllegalArgumentException if delay is zero or negative
   */
  public Batcher<K, V> maxDelay(Duration delay) {
    Objects.requireNonNull(delay, "maxDelay(null): pass a Duration, e.g. Duration.ofMillis(5)");
    if (delay.isZero() || delay.isNegative()) {
      throw new IllegalArgumentException(
          "maxDelay(" + delay + "): the delay must be positive, e.g. Duration.ofMillis(5)");
    }
    return new Batcher<>(function, asyncFunction, maxBatchSize, delay, cacheEnabled);
  }

  /**
   * A batcher like this one with its cache of futures on (the default) or off. Off, a key is still
   * sent once per batch, but every batch asks again.
   *
   * @param enabled whether values are kept for later loads
   * @return a new batcher with the same function and settings, an empty cache and zero counters
   */
  public Batcher<K, V> cache(boolean enabled) {
    return new Batcher<>(function, asyncFunction, maxBatchSize, maxDelay, enabled);
  }

  /**
   * Asks for the value of {@code key}; the key joins the next batch unless the cache or the batch
   * being collected has it already.
   *
   * @param key the key; not null
   * @return a new future of this caller's own: completes with the value, or fails with the batch
   *     function's exception or a {@link java.util.NoSuchElementException} naming a missing key;
   *     cancelling it withdraws only this load
   * @throws NullPointerException if key is null
   */
  public CompletableFuture<V> load(K key) {
    Objects.requireNonNull(key, "load(null): keys must not be null");
    Entry<K, V> entry;
    boolean firstOfBatch = false;
    long batchGeneration;
    synchronized (this) {
      loads++;
      entry = cacheEnabled ? cache.get(key) : null;
      if (entry != null) {
        cacheHits++;
      } else {
        entry = collecting.get(key);
        if (entry == null) {
          lastKeyNanos = System.nanoTime();
          if (collecting.isEmpty()) {
            firstKeyNanos = lastKeyNanos;
          }
          entry = new Entry<>(key);
          collecting.put(key, entry);
          if (cacheEnabled) {
            cache.put(key, entry);
          }
          if (!queued) {
            queued = true;
            firstOfBatch = true;
            Participation.pending(this);
          }
        }
      }
      if (!entry.value.isDone()) {
        entry.callers++;
      }
      batchGeneration = generation;
    }
    if (firstOfBatch) {
      flushAfter(maxDelay.toNanos(), batchGeneration);
    }
    Caller<K, V> caller = new Caller<>(this, entry);
    entry.value.whenComplete(caller::copy);
    return caller;
  }

  /**
   * Loads {@code key} and waits for its value, as {@code await(load(key))} does: a generator body
   * parks (and counts as parked, so its key can go out with everyone else's), a platform thread
   * blocks.
   *
   * @param key the key; not null
   * @return the value, which may be null if the batch function mapped the key to null
   * @throws NullPointerException if key is null
   * @throws java.util.NoSuchElementException if the batch function returned no value for the key
   * @throws CancellationException if the load was cancelled, or the thread interrupted (the
   *     interrupt status kept); inside a closing generator body, {@link GeneratorExit}. Either way
   *     this load is withdrawn.
   */
  public V get(K key) {
    CompletableFuture<V> value = load(key);
    try {
      return Async.await(value); // anything the batch function threw, unchanged
    } catch (Throwable t) {
      value.cancel(false); // a no-op once failed; else withdraws this load
      throw t;
    }
  }

  /**
   * Puts {@code value} in the cache for {@code key} unless the key is cached already (DataLoader's
   * {@code prime}).
   *
   * @param key the key; not null
   * @param value the value later loads of the key get
   * @return this batcher
   * @throws NullPointerException if key is null
   * @throws IllegalStateException if the cache is off ({@link #cache cache(false)})
   */
  public Batcher<K, V> prime(K key, V value) {
    Objects.requireNonNull(key, "prime(null, value): keys must not be null");
    if (!cacheEnabled) {
      throw new IllegalStateException(
          "prime(" + key + ", ...): this batcher's cache is off; use a batcher with cache(true)");
    }
    synchronized (this) {
      if (!cache.containsKey(key)) {
        Entry<K, V> entry = new Entry<>(key);
        entry.value.complete(value);
        cache.put(key, entry);
      }
    }
    return this;
  }

  /**
   * Forgets the cached value of {@code key}: the next load asks again. Loads already waiting for it
   * still get it.
   *
   * @param key the key; not null
   * @return this batcher
   * @throws NullPointerException if key is null
   */
  public synchronized Batcher<K, V> clear(K key) {
    Objects.requireNonNull(key, "clear(null): keys must not be null");
    cache.remove(key);
    return this;
  }

  /**
   * Forgets every cached value; loads already waiting still get theirs.
   *
   * @return this batcher
   */
  public synchronized Batcher<K, V> clearAll() {
    cache.clear();
    return this;
  }

  /**
   * The counters so far, as asynq's debug counters: loads, cache hits, calls, keys sent, failed and
   * cancelled calls, time spent in calls.
   *
   * @return a snapshot
   */
  public synchronized Stats stats() {
    return new Stats(
        loads, cacheHits, calls, keys, failedCalls, cancelledCalls, Duration.ofNanos(nanosInCalls));
  }

  /**
   * The counters in one line, e.g. {@code Batcher: 1 call, 100 keys, mean batch size 100.0, 3.2 ms
   * in calls; 120 loads, 20 cache hits}: how a notebook shows a batcher.
   */
  @Override
  public String toString() {
    return "Batcher: " + stats();
  }

  /**
   * The counters as a small HTML table, for front ends that show HTML.
   *
   * @return the markup; it contains no text from keys or values
   */
  public String toHtml() {
    return stats().toHtml();
  }

  /**
   * A batcher's counters.
   *
   * @param loads calls of {@code load} and {@code get}
   * @param cacheHits loads answered from the cache (a key loaded before, in flight or done)
   * @param calls calls of the batch function that ended, successfully or not
   * @param keys keys sent in those calls
   * @param failedCalls calls that threw or whose stage failed
   * @param cancelledCalls calls cancelled because all their loads were cancelled
   * @param timeInCalls the time those calls took, added up
   */
  public record Stats(
      long loads,
      long cacheHits,
      long calls,
      long keys,
      long failedCalls,
      long cancelledCalls,
      Duration timeInCalls) {
    /**
     * Keys per call.
     *
     * @return keys / calls, or 0 before the first call
     */
    public double meanBatchSize() {
      return calls == 0 ? 0 : (double) keys / calls;
    }

    @Override
    public String toString() {
      return plural(calls, "call")
          + ", "
          + plural(keys, "key")
          + String.format(", mean batch size %.1f, %s in calls; ", meanBatchSize(), millis())
          + plural(loads, "load")
          + ", "
          + plural(cacheHits, "cache hit")
          + (failedCalls == 0 ? "" : ", " + failedCalls + " failed")
          + (cancelledCalls == 0 ? "" : ", " + cancelledCalls + " cancelled");
    }

    /**
     * The counters as a two-column HTML table.
     *
     * @return the markup
     */
    public String toHtml() {
      StringBuilder html = new StringBuilder("<table class=\"flowbook-batcher\">");
      html.append("<tr><th colspan=\"2\">Batcher</th></tr>");
      row(html, "calls", Long.toString(calls));
      row(html, "keys", Long.toString(keys));
      row(html, "mean batch size", String.format("%.1f", meanBatchSize()));
      row(html, "time in calls", millis());
      row(html, "loads", Long.toString(loads));
      row(html, "cache hits", Long.toString(cacheHits));
      row(html, "failed calls", Long.toString(failedCalls));
      row(html, "cancelled calls", Long.toString(cancelledCalls));
      return html.append("</table>").toString();
    }

    private String millis() {
      return String.format("%.1f ms", timeInCalls.toNanos() / 1e6);
    }

    private static void row(StringBuilder html, String name, String value) {
      html.append("<tr><td>").append(name).append("</td><td>").append(value).append("</td></tr>");
    }

    private static String plural(long count, String noun) {
      return count + " " + noun + (count == 1 ? "" : "s");
    }
  }

  // ---- package-private: the flush and the calls ----

  /** Sends every pending key now, split by maxBatchSize, each call on its own virtual thread. */
  void flush() {
    List<BatchCall<K, V>> started = new ArrayList<>();
    synchronized (this) {
      queued = false;
      generation++;
      if (collecting.isEmpty()) {
        return;
      }
      List<Entry<K, V>> chunk = new ArrayList<>();
      for (Entry<K, V> entry : collecting.values()) {
        chunk.add(entry);
        if (chunk.size() == maxBatchSize) {
          started.add(new BatchCall<>(this, chunk));
          chunk = new ArrayList<>();
        }
      }
      if (!chunk.isEmpty()) {
        started.add(new BatchCall<>(this, chunk));
      }
      collecting = new LinkedHashMap<>();
    }
    for (BatchCall<K, V> call : started) {
      call.start();
    }
  }

  private void flushAfter(long nanos, long batchGeneration) {
    CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS, Runnable::run)
        .execute(() -> flushAfterDelay(batchGeneration));
  }

  /*
   * The time bound. While participants run and the batch still grows (a key came within the last
   * maxDelay), the timer waits on, up to MAX_DELAYS x maxDelay after the first key: code running
   * for the first time (class loading, lambda linkage; in a notebook, every cell) can take longer
   * than maxDelay between two loads of one loop, and a flush then would split a batch that the
   * participants were about to complete. A batch that stopped growing goes out maxDelay after its
   * last key.
   */
  static final int MAX_DELAYS = 10;

  private void flushAfterDelay(long batchGeneration) {
    synchronized (this) {
      if (generation != batchGeneration) {
        return; // flushed already, when the participants parked
      }
      long now = System.nanoTime();
      long delay = maxDelay.toNanos();
      long quietUntil = lastKeyNanos + delay;
      if (Participation.running() > 0
          && quietUntil - now > 0
          && now - firstKeyNanos < MAX_DELAYS * delay) {
        flushAfter(quietUntil - now, batchGeneration);
        return;
      }
    }
    Participation.forget(this);
    flush();
  }

  /** Calls the batch function; what it throws is returned as a failed future. */
  CompletableFuture<? extends Map<K, ? extends V>> call(Set<K> keySet) {
    try {
      if (function != null) {
        return CompletableFuture.completedFuture(function.apply(keySet));
      }
      CompletionStage<? extends Map<K, ? extends V>> stage = asyncFunction.apply(keySet);
      if (stage == null) {
        throw new NullPointerException(
            "the batch function returned null instead of a stage for keys "
                + keySet
                + "; return a CompletionStage of a Map");
      }
      return Async.asFuture(stage);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** A call ended: counts it and forgets the failed keys, before their loads complete. */
  synchronized void ended(
      BatchCall<K, V> call, long nanos, boolean failed, List<Entry<K, V>> failedEntries) {
    calls++;
    keys += call.entries.size();
    nanosInCalls += nanos;
    if (failed) {
      failedCalls++;
    }
    for (Entry<K, V> entry : failedEntries) {
      forget(entry);
    }
  }

  /** A call was cancelled: counts it and forgets its keys. */
  synchronized void cancelled(BatchCall<K, V> call) {
    cancelledCalls++;
    for (Entry<K, V> entry : call.entries) {
      forget(entry);
    }
  }

  /** Removes {@code entry} from the cache if it is still the one cached for its key. */
  private void forget(Entry<K, V> entry) {
    if (cacheEnabled) {
      cache.remove(entry.key, entry);
    }
  }

  /** A caller's future was cancelled: withdraws its load, and the key or call if none is left. */
  synchronized void callerGone(Entry<K, V> entry) {
    entry.callers--;
    if (entry.callers > 0 || entry.value.isDone()) {
      return;
    }
    BatchCall<K, V> call = entry.call;
    if (call == null) { // still collecting: the key leaves the batch
      collecting.remove(entry.key, entry);
      forget(entry);
      entry.value.cancel(false);
    } else if (--call.liveEntries == 0) {
      call.cancel();
    }
  }

  /** One key's shared future and its callers; fields other than value guarded by the batcher. */
  static final class Entry<K, V> {
    final K key;
    final CompletableFuture<V> value = new CompletableFuture<>(); // what every caller copies
    int callers; // caller futures not yet done
    BatchCall<K, V> call; // the call sending this key; null while collecting

    Entry(K key) {
      this.key = key;
    }
  }

  /** A caller's own future: its cancel withdraws only its own load. */
  private static final class Caller<K, V> extends CompletableFuture<V> {
    private final Batcher<K, V> batcher;
    private final Entry<K, V> entry;

    Caller(Batcher<K, V> batcher, Entry<K, V> entry) {
      this.batcher = batcher;
      this.entry = entry;
    }

    void copy(V value, Throwable error) {
      if (error == null) {
        complete(value);
      } else {
        completeExceptionally(Async.unwrap(error));
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        batcher.callerGone(entry);
      }
      return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>(); // dependents are plain futures, not loads
    }
  }
}
