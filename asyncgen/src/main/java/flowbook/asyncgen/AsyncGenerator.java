package flowbook.asyncgen;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * A Python-style async generator: a body of straight-line Java that yields values, consumed by
 * pulling ({@link #forEach}, {@link #iterate}) or as a {@link Flow.Publisher}.
 *
 * <pre>{@code
 * AsyncGenerator<Integer> numbers = AsyncGenerator.of(out -> {
 *     for (int i = 0; i < 3; i++) {
 *         await(sleep(Duration.ofSeconds(1)));
 *         out.yield(i);
 *     }
 * });
 * numbers.forEach(v -> System.out.println("Received: " + v));
 * }</pre>
 *
 * <p><b>Laziness.</b> Creating a generator runs nothing. Each consumption (a subscription, a
 * terminal call, an iterator) runs the body afresh from its start: a cold publisher.
 *
 * <p><b>Demand.</b> {@code out.yield(v)} returns only when the consumer wanted {@code v}: a
 * subscriber's {@code request(n)} allows n yields, an iterator's {@code next()} one. Nothing is
 * buffered past demand unless asked for with {@link #buffer} or {@link #conflate}. {@code request(n
 * <= 0)} ends the subscription with {@code onError(IllegalArgumentException)} (RS 3.9).
 *
 * <p><b>Cancellation.</b> {@code Subscription.cancel()}, {@link GeneratorIterator#close()}, closing
 * an {@link #iterate()} or {@link #stream()}, a consumer that stops early ({@link #first}, {@code
 * take}) or throws, and an interrupt of the consuming thread all close the body at its current
 * suspension point: {@link GeneratorExit} is thrown out of its {@code yield} or {@code await}, its
 * finally blocks run, and a {@code yield} attempted after that is an {@link IllegalStateException}.
 * Blocking terminals and {@code close()} return after the finally blocks ran; {@code cancel()} does
 * not wait.
 *
 * <p><b>Exceptions.</b> An exception thrown by the body reaches the consumer as itself: {@code
 * onError(e)}, or rethrown unchanged (type, message, stack; checked ones too) by blocking
 * terminals. An exception thrown by the consumer's callback closes the body first, then is
 * rethrown.
 *
 * <p><b>Threads.</b> Blocking terminals ({@code forEach}, {@code toList}, {@code first}, {@code
 * reduce}) run the body on the calling thread, yield being a plain call into the callback. A
 * subscription or iterator runs the body on a virtual thread of its own; signals to a subscriber
 * come from that thread, one at a time. {@code out.yield} may be called only from the body's
 * thread. Once a body ended, by completion, error or cancel, no thread of it remains.
 *
 * <p id="operators"><b>Operators.</b> Each operator ({@link #map}, {@link #merge}, ...) returns a
 * generator whose body consumes this one. Unless its doc says otherwise:
 *
 * <ul>
 *   <li>Cancelling the result closes this generator too: its finally blocks run before the
 *       operator's body ends.
 *   <li>An error of this generator ends the result with that same exception.
 *   <li>An exception thrown by a function given to the operator closes this generator, then ends
 *       the result with that exception.
 *   <li><i>Inline</i> operators run this generator's body on the operator's own thread: no extra
 *       thread, and demand passes straight through. The others say which threads they add and how
 *       much they read ahead; they end only after those threads ended.
 *   <li>Arguments are checked when the operator is created.
 * </ul>
 *
 * @param <T> the type of the values yielded; never null
 */
public final class AsyncGenerator<T> implements Flow.Publisher<T> {
  private final GeneratorBody<T> body;

  private AsyncGenerator(GeneratorBody<T> body) {
    this.body = body;
  }

  /**
   * A generator running {@code body} for each consumer (Python's {@code async def} with {@code
   * yield}). Nothing runs until a consumer asks for the first value.
   *
   * @throws NullPointerException if body is null
   */
  public static <T> AsyncGenerator<T> of(GeneratorBody<T> body) {
    return new AsyncGenerator<>(
        Objects.requireNonNull(
            body, "AsyncGenerator.of(null): pass a body, e.g. out -> { out.yield(1); }"));
  }

  /**
   * A generator that fails every consumer with {@code error} as soon as it subscribes, before any
   * demand: {@code onSubscribe} then {@code onError(error)}.
   */
  public static <T> AsyncGenerator<T> failed(Throwable error) {
    Objects.requireNonNull(error, "failed(null): pass the exception to signal");
    return new AsyncGenerator<>(new FailedBody<>(error));
  }

  /** The body this generator runs; for the library's operators. */
  GeneratorBody<T> body() {
    return body;
  }

  // ---- Flow ----

  /**
   * Subscribes {@code subscriber}: it gets {@code onSubscribe}, then the body starts on a virtual
   * thread at its first {@code request}, never before {@code onSubscribe} returned.
   *
   * @throws NullPointerException if subscriber is null (RS 1.9)
   */
  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "RS 1.9: subscribe(null) is not allowed");
    if (body instanceof FailedBody<T> failed) {
      failed.signal(subscriber);
      return;
    }
    new SubscribedRun<>(body, subscriber).subscribe();
  }

  // ---- terminals ----
  /*
   * The blocking terminals declare `throws Exception` because they rethrow whatever the body or the
   * callback threw, checked exceptions included, unchanged: so a caller can catch an IOException
   * or a TimeoutException by its own type. JShell cells and generator bodies allow it as it is.
   */

  /**
   * Runs the body on this thread and calls {@code action} with each value (Python's {@code async
   * for}). Returns when the body ends; see the class doc for exceptions and interrupts.
   *
   * @throws Exception what the body or {@code action} threw, unchanged
   * @throws java.util.concurrent.CancellationException if this thread was interrupted while the
   *     body waited; the body was closed first and the interrupt status is kept
   */
  public void forEach(ThrowingConsumer<? super T> action) throws Exception {
    Terminals.forEach(this, action);
  }

  /**
   * Runs the body on this thread and returns all its values in order.
   *
   * @throws Exception what the body threw, unchanged
   */
  public List<T> toList() throws Exception {
    return Terminals.toList(this);
  }

  /**
   * The first value; the body is closed right after yielding it.
   *
   * @throws java.util.NoSuchElementException if the body ends without yielding
   * @throws Exception what the body threw before yielding, unchanged
   */
  public T first() throws Exception {
    return Terminals.first(this);
  }

  /**
   * Folds the values with {@code accumulator}, starting from {@code identity}.
   *
   * @throws Exception what the body or the accumulator threw, unchanged
   */
  public <R> R reduce(R identity, ThrowingBiFunction<R, ? super T, R> accumulator)
      throws Exception {
    return Terminals.reduce(this, identity, accumulator);
  }

  /**
   * An iterator driving the body from the calling thread, with {@code send}, {@code throwInto} and
   * {@code close} (Python's {@code asend}, {@code athrow}, {@code aclose}). Close it.
   */
  public GeneratorIterator<T> iterator() {
    return new GeneratorIterator<>(body);
  }

  /**
   * A single-use {@link Iterable} for a for-each loop; use it in try-with-resources so that
   * breaking out of the loop closes the generator:
   *
   * <pre>{@code
   * try (var values = numbers.iterate()) {
   *     for (var v : values) { if (v > 10) break; }
   * }
   * }</pre>
   */
  public GeneratorIterable<T> iterate() {
    if (body instanceof RunAhead<T> runAhead) {
      return runAhead.iterate(); // no lockstep to keep: the caller drains the buffer itself
    }
    return new GeneratorIterable<>(iterator());
  }

  /**
   * A sequential stream of the values, pulled from the calling thread; closing the stream closes
   * the generator, so use it in try-with-resources when it may not be consumed to its end.
   */
  public Stream<T> stream() {
    return Terminals.stream(iterator());
  }

  /**
   * {@link #forEach} on a virtual thread of its own. Cancelling the returned future closes the
   * body; the future fails with what forEach would have thrown.
   */
  public CompletableFuture<Void> forEachAsync(ThrowingConsumer<? super T> action) {
    return Terminals.inBackground(
        () -> {
          forEach(action);
          return null;
        });
  }

  /** {@link #toList} on a virtual thread of its own; cancelling the future closes the body. */
  public CompletableFuture<List<T>> toListAsync() {
    return Terminals.inBackground(this::toList);
  }

  /** {@link #first} on a virtual thread of its own; cancelling the future closes the body. */
  public CompletableFuture<T> firstAsync() {
    return Terminals.inBackground(this::first);
  }

  /** {@link #reduce} on a virtual thread of its own; cancelling the future closes the body. */
  public <R> CompletableFuture<R> reduceAsync(
      R identity, ThrowingBiFunction<R, ? super T, R> accumulator) {
    return Terminals.inBackground(() -> reduce(identity, accumulator));
  }

  @Override
  public String toString() {
    return "AsyncGenerator";
  }

  // ---- sources ----

  /**
   * The values of {@code iterable}, in its order; each run iterates it afresh.
   *
   * @throws NullPointerException if iterable is null (a null element fails the run when reached)
   */
  public static <T> AsyncGenerator<T> from(Iterable<? extends T> iterable) {
    return Sources.fromIterable(iterable);
  }

  /**
   * The values of {@code stream}, pulled one per demand; the stream is closed when the generator
   * ends: completion, error or cancel. A stream runs once, so a second run of this generator fails
   * with {@link IllegalStateException}; use {@link #from(Iterable)} or {@link #of} for a generator
   * that can run again.
   *
   * @throws NullPointerException if stream is null
   */
  public static <T> AsyncGenerator<T> from(java.util.stream.Stream<? extends T> stream) {
    return Sources.fromStream(stream);
  }

  /**
   * The items of any {@link Flow.Publisher}. An {@code AsyncGenerator} is returned as it is.
   *
   * <ul>
   *   <li>Subscribes when the run starts (first demand), and requests one item at a time, only when
   *       the downstream wants one: at most one item is held.
   *   <li>Cancel cancels the subscription; the publisher's own threads are its business.
   *   <li>The publisher's {@code onError(e)} ends the generator with {@code e}.
   * </ul>
   *
   * @throws NullPointerException if publisher is null
   */
  public static <T> AsyncGenerator<T> from(Flow.Publisher<? extends T> publisher) {
    return Sources.fromPublisher(publisher);
  }

  /**
   * {@code start, start + 1, ..., start + count - 1}.
   *
   * @throws IllegalArgumentException if count is negative or the last value overflows int
   */
  public static AsyncGenerator<Integer> range(int start, int count) {
    return Sources.range(start, count);
  }

  /**
   * {@code 0, 1, 2, ...}, one every {@code period}, forever (end it with {@link #take} or cancel).
   * The clock starts at the first demand; value i is yielded no earlier than (i + 1) periods after
   * it. Waiting is {@code await(sleep(...))}: no thread is held meanwhile, and a slow consumer
   * delays values rather than buffering or dropping them.
   *
   * @throws NullPointerException if period is null
   * @throws IllegalArgumentException if period is zero or negative
   */
  public static AsyncGenerator<Long> interval(java.time.Duration period) {
    return Sources.interval(period);
  }

  /** {@link #lines(java.nio.file.Path, java.nio.charset.Charset)} in UTF-8. */
  public static AsyncGenerator<String> lines(java.nio.file.Path path) {
    return Sources.lines(path, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The lines of a text file, read lazily: the file is opened at the first demand (so a missing
   * file fails the run, not this call) and closed when the generator ends: completion, error or
   * cancel. Each run reads the file afresh. I/O errors end the generator with the {@link
   * java.io.IOException}.
   *
   * @throws NullPointerException if path or charset is null
   */
  public static AsyncGenerator<String> lines(
      java.nio.file.Path path, java.nio.charset.Charset charset) {
    return Sources.lines(path, charset);
  }

  /**
   * The lines of an HTTP response body, each yielded as soon as it arrived (the response need not
   * have ended), through {@code java.net.http}.
   *
   * <ul>
   *   <li>The request is sent at the first demand; each run sends it again.
   *   <li>A status other than 2xx ends the generator with an {@link java.io.IOException} naming it;
   *       a failed exchange ends it with the client's exception.
   *   <li>Lines are requested from the client one at a time, as the downstream wants them.
   *   <li>Cancel cancels the body subscription and the exchange.
   * </ul>
   *
   * @throws NullPointerException if client or request is null
   */
  public static AsyncGenerator<String> httpLines(
      java.net.http.HttpClient client, java.net.http.HttpRequest request) {
    return Sources.httpLines(client, request);
  }

  /** A generator that completes without yielding. */
  public static <T> AsyncGenerator<T> empty() {
    return Sources.empty();
  }

  /**
   * The given values, in order.
   *
   * @throws NullPointerException if the array or one of the values is null (Flow forbids null
   *     items)
   */
  @SafeVarargs
  public static <T> AsyncGenerator<T> just(T... values) {
    return Sources.just(values);
  }

  // ---- operators: cancel and errors as in the class doc, Operators, unless stated ----

  /**
   * Emits {@code f(x)} for each value x, in order; <a href="#operators">inline</a>.
   *
   * @throws NullPointerException if f is null; f returning null fails the run (Flow forbids null
   *     items)
   */
  public <R> AsyncGenerator<R> map(ThrowingFunction<? super T, ? extends R> f) {
    return Transforms.map(this, f);
  }

  /**
   * Emits the values for which {@code predicate} is true; <a href="#operators">inline</a>.
   *
   * @throws NullPointerException if predicate is null
   */
  public AsyncGenerator<T> filter(ThrowingPredicate<? super T> predicate) {
    return Transforms.filter(this, predicate);
  }

  /**
   * Emits the first {@code n} values, then closes this generator right at its n-th yield (its
   * finally blocks run; it is never asked for value n + 1); <a href="#operators">inline</a>. {@code
   * take(0)} never starts this generator.
   *
   * @throws IllegalArgumentException if n is negative
   */
  public AsyncGenerator<T> take(long n) {
    return Limits.take(this, n);
  }

  /**
   * Emits values while {@code predicate} holds; at the first value that fails it, that value is
   * dropped, this generator is closed and the result completes. It is <a
   * href="#operators">inline</a>.
   *
   * @throws NullPointerException if predicate is null
   */
  public AsyncGenerator<T> takeWhile(ThrowingPredicate<? super T> predicate) {
    return Limits.takeWhile(this, predicate);
  }

  /**
   * Drops the first {@code n} values and emits the rest; <a href="#operators">inline</a>.
   *
   * @throws IllegalArgumentException if n is negative
   */
  public AsyncGenerator<T> skip(long n) {
    return Limits.skip(this, n);
  }

  /**
   * For each value x, emits all values of the generator (or any publisher) {@code f(x)}, then moves
   * on to the next x: sequential, in order. It is <a href="#operators">inline</a>, inner generators
   * included (a publisher that is not an {@code AsyncGenerator} is read as {@link
   * #from(Flow.Publisher)} does). Cancel closes the current inner generator, then this one; an
   * error of an inner generator ends the result with that error.
   *
   * @throws NullPointerException if f is null; f returning null fails the run
   */
  public <R> AsyncGenerator<R> flatMap(
      ThrowingFunction<? super T, ? extends Flow.Publisher<? extends R>> f) {
    return Transforms.flatMap(this, f);
  }

  /**
   * Emits {@code f(x)}'s results, in the order of the values x, while up to {@code concurrency}
   * stages run at once.
   *
   * <ul>
   *   <li>This generator runs on a virtual thread of its own. A stage counts against the
   *       concurrency from f's call until its result was yielded, so at most {@code concurrency}
   *       results are held, and this generator is not read further, while the downstream is slow.
   *   <li>A stage that fails, or f throwing, ends the result with that exception once the results
   *       before it were emitted (awaited stages fail with their original exception, unwrapped).
   *   <li>On cancel or error, stages still running are cancelled with {@code
   *       CompletableFuture.cancel} (which does not stop work that ignores it) and this generator
   *       is closed; the operator ends after this generator's thread ended.
   * </ul>
   *
   * @throws IllegalArgumentException if concurrency is less than 1
   * @throws NullPointerException if f is null; f returning null, or a stage yielding null, fails
   *     the run
   */
  public <R> AsyncGenerator<R> mapAsync(
      int concurrency,
      ThrowingFunction<? super T, ? extends java.util.concurrent.CompletionStage<? extends R>> f) {
    return Transforms.mapAsync(this, concurrency, f);
  }

  /**
   * Emits the values of all {@code sources} as they arrive, interleaved; completes when all
   * completed.
   *
   * <ul>
   *   <li>Each source runs on a virtual thread of its own and is asked for its next value only
   *       after its previous one was emitted: at most one value per source is held.
   *   <li>The first error of any source closes the others and ends the result with that error.
   *   <li>Cancel closes every source; the result's body ends after their threads ended.
   * </ul>
   *
   * @throws NullPointerException if the array or one of the sources is null
   */
  @SafeVarargs
  public static <T> AsyncGenerator<T> merge(Flow.Publisher<? extends T>... sources) {
    Objects.requireNonNull(sources, "merge(null): pass the generators to merge");
    return Combining.merge(java.util.Arrays.asList(sources));
  }

  /**
   * Emits {@code combiner(a, b)} for the pairs of this generator's and {@code other}'s values, in
   * order; completes as soon as either completes, closing the other (a value it had already
   * produced is dropped). Both run on virtual threads of their own, side by side, each asked for
   * its next value only after the previous pair was emitted. An error of either, or of the
   * combiner, closes both; cancel closes both.
   *
   * @throws NullPointerException if other or combiner is null
   */
  public <U, R> AsyncGenerator<R> zip(
      Flow.Publisher<? extends U> other,
      ThrowingBiFunction<? super T, ? super U, ? extends R> combiner) {
    return Combining.zip(this, other, combiner);
  }

  /**
   * Emits the values in lists of {@code size}, the last one shorter if the values run out; the
   * lists are unmodifiable. It is <a href="#operators">inline</a>. On error or cancel, a partial
   * list is dropped.
   *
   * @throws IllegalArgumentException if size is less than 1
   */
  public AsyncGenerator<java.util.List<T>> chunk(int size) {
    return Limits.chunk(this, size);
  }

  /**
   * Emits, at the end of each time window of {@code window}, the values that arrived during it as
   * an unmodifiable list; windows in which nothing arrived emit nothing; at completion the values
   * of the unfinished window are emitted.
   *
   * <ul>
   *   <li>The first window opens at the first demand. This generator runs on a virtual thread of
   *       its own and is read continuously while a window is open, so one window's values are held;
   *       while the downstream has not taken a list, it is not read, and the next window opens when
   *       the list was taken.
   *   <li>On error or cancel, the values of the unfinished window are dropped.
   * </ul>
   *
   * @throws NullPointerException if window is null
   * @throws IllegalArgumentException if window is zero or negative
   */
  public AsyncGenerator<java.util.List<T>> chunk(java.time.Duration window) {
    return Timing.chunk(this, window);
  }

  /**
   * Emits this generator's values, but ends with a {@link java.util.concurrent.TimeoutException} if
   * a value (or the completion) does not arrive within {@code limit} of asking for it; the time the
   * downstream takes does not count. This generator runs on a virtual thread of its own and is
   * closed on timeout, error and cancel.
   *
   * @throws NullPointerException if limit is null
   * @throws IllegalArgumentException if limit is zero or negative
   */
  public AsyncGenerator<T> timeout(java.time.Duration limit) {
    return Timing.timeout(this, limit);
  }

  /**
   * On an exception from this generator, continues with the values of {@code fallback.apply(e)}
   * (another generator or publisher; e.g. {@code e -> AsyncGenerator.just(-1)}) and completes as it
   * does. Values emitted before the exception stay emitted. It is <a href="#operators">inline</a>.
   *
   * <ul>
   *   <li>Only {@link Exception}s are recovered; {@link Error}s, {@link GeneratorExit} (cancel)
   *       included, pass through.
   *   <li>If fallback throws, that exception ends the result, with {@code e} added as suppressed;
   *       an error of the fallback generator ends the result as it is.
   * </ul>
   *
   * @throws NullPointerException if fallback is null; fallback returning null fails the run
   */
  public AsyncGenerator<T> recover(
      ThrowingFunction<? super Exception, ? extends Flow.Publisher<? extends T>> fallback) {
    return Errors.recover(this, fallback);
  }

  /**
   * On an exception from this generator, runs it afresh, up to {@code times} more times; values
   * emitted by a failed attempt stay emitted (so they may repeat). When the last attempt fails, its
   * exception ends the result, with the earlier ones added as suppressed. Only {@link Exception}s
   * are retried. It is <a href="#operators">inline</a>. {@code retry(0)} behaves as this generator.
   *
   * @throws IllegalArgumentException if times is negative
   */
  public AsyncGenerator<T> retry(int times) {
    return Errors.retry(this, times);
  }

  /**
   * Runs this generator ahead of the consumer, on a virtual thread of its own, by up to {@code
   * capacity} values (Kotlin's {@code buffer}): a producer that is not held up by a slow consumer,
   * nor the consumer by each hand-over.
   *
   * <ul>
   *   <li>Demand: the result's demand stays exact (a subscriber that requested n gets at most n
   *       values). This generator starts at the result's first demand and its yields return while
   *       fewer than {@code capacity} values wait for the consumer, so the values it yielded but
   *       the consumer did not take are at most {@code capacity}. Once the buffer was full, it
   *       resumes when half of it (at least one value) is free again, or when the consumer took
   *       every value, so a slow consumer sees it refill the buffer in halves, as Reactor's
   *       prefetch does.
   *   <li>Errors: an exception of this generator ends the result with that same exception after the
   *       values yielded before it were delivered.
   *   <li>Cancellation: cancel or close drops the waiting values and closes this generator at its
   *       current suspension point; {@code close()} and the blocking terminals return after its
   *       finally blocks ran, and once the result ended no thread of this generator remains. A
   *       {@link CancellationScope}'s {@code cancelAll} ends an {@code iterate()} of the result
   *       with {@link java.util.concurrent.CancellationException}.
   *   <li>Threads: {@link #iterate()} on the result takes the values straight from the buffer on
   *       the calling thread, without lockstep. With {@link #iterator()}, {@link
   *       GeneratorIterator#send} reaches the buffer, not this generator (its yields already
   *       returned), and {@link GeneratorIterator#throwInto} closes this generator, then ends the
   *       result with that exception.
   * </ul>
   *
   * @throws IllegalArgumentException if capacity is less than 1 or more than 1,048,576 (the buffer
   *     is an array of that many slots, allocated for each run)
   */
  public AsyncGenerator<T> buffer(int capacity) {
    return RunAhead.buffer(this, capacity);
  }

  /**
   * Runs this generator on a virtual thread of its own without ever waiting for the consumer, and
   * hands the consumer the latest value (Kotlin's {@code conflate}): a slow consumer skips the
   * values that were replaced before it took them.
   *
   * <ul>
   *   <li>Demand: the result's demand stays exact (a subscriber that requested n gets at most n
   *       values); this generator starts at the result's first demand and its yields never wait.
   *       One value is held: pulled with {@link #forEach} or {@link #iterate()}, the consumer takes
   *       the latest value when it asks; a subscriber gets the value the result's body took when it
   *       was ready to emit, which may have been replaced by the time its request comes.
   *   <li>Completion and errors: the result ends as this generator did, after its latest value was
   *       delivered; an exception ends it with that same exception.
   *   <li>Cancellation: cancel or close drops the held value and closes this generator at its
   *       current suspension point; {@code close()} and the blocking terminals return after its
   *       finally blocks ran, and once the result ended no thread of this generator remains. A
   *       {@link CancellationScope}'s {@code cancelAll} ends an {@code iterate()} of the result
   *       with {@link java.util.concurrent.CancellationException}.
   * </ul>
   */
  public AsyncGenerator<T> conflate() {
    return RunAhead.conflate(this);
  }

  /**
   * Emits {@code identity}, then the running accumulation {@code f(f(identity, x0), x1)...} after
   * each value (Python's {@code itertools.accumulate} with {@code initial}). It is <a
   * href="#operators">inline</a>.
   *
   * @throws NullPointerException if identity or f is null; f returning null fails the run
   */
  public <R> AsyncGenerator<R> scan(R identity, ThrowingBiFunction<R, ? super T, R> f) {
    return Transforms.scan(this, identity, f);
  }

  /**
   * Emits each value the first time it is seen ({@code equals}/{@code hashCode}); <a
   * href="#operators">inline</a>. The values seen are held for the whole run.
   */
  public AsyncGenerator<T> distinct() {
    return Transforms.distinct(this);
  }

  /**
   * Emits this generator's values and runs {@code action} once each run ends, whatever the reason:
   * completion, error or cancel, after this generator's finally blocks ran (a run that never
   * started, because nothing asked for a value, does not run it). It is <a
   * href="#operators">inline</a>. If action throws: after completion or cancel its exception ends
   * the run (a cancelled subscription reports it to the uncaught exception handler, since no signal
   * may follow a cancel); during an error, it is added to that error as suppressed.
   *
   * @throws NullPointerException if action is null
   */
  public AsyncGenerator<T> onClose(Runnable action) {
    return Errors.onClose(this, action);
  }
}
