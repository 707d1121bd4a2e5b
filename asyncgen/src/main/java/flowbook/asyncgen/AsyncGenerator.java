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
 * <p id="laziness"><b>Laziness.</b> Creating a generator runs nothing. Each consumption (a
 * subscription, a terminal call, an iterator) runs the body afresh from its start: a cold
 * publisher.
 *
 * <p id="demand"><b>Demand.</b> {@code out.yield(v)} returns only when the consumer wanted {@code
 * v}: a subscriber's {@code request(n)} allows n yields, an iterator's {@code next()} one. Nothing
 * is buffered past demand unless asked for with {@link #buffer} or {@link #conflate}. {@code
 * request(n <= 0)} ends the subscription with {@code onError(IllegalArgumentException)} (RS 3.9).
 *
 * <p id="cancellation"><b>Cancellation.</b> {@code Subscription.cancel()}, {@link
 * GeneratorIterator#close()}, closing an {@link #iterate()} or {@link #stream()}, a consumer that
 * stops early ({@link #first}, {@code take}) or throws, and an interrupt of the consuming thread
 * all close the body at its current suspension point: {@link GeneratorExit} is thrown out of its
 * {@code yield} or {@code await}, its finally blocks run, and a {@code yield} attempted after that
 * is an {@link IllegalStateException}. Blocking terminals and {@code close()} return after the
 * finally blocks ran; {@code cancel()} does not wait.
 *
 * <p id="exceptions"><b>Exceptions.</b> An exception thrown by the body reaches the consumer as
 * itself: {@code onError(e)}, or rethrown unchanged (type, message, stack; checked ones too) by
 * blocking terminals. An exception thrown by the consumer's callback closes the body first, then is
 * rethrown.
 *
 * <p id="threads"><b>Threads.</b> Blocking terminals ({@code forEach}, {@code toList}, {@code
 * first}, {@code reduce}) run the body on the calling thread, yield being a plain call into the
 * callback. A subscription or iterator runs the body on a virtual thread of its own; signals to a
 * subscriber come from that thread, one at a time. {@code out.yield} may be called only from the
 * body's thread. Once a body ended, by completion, error or cancel, no thread of it remains.
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
   * @param <T> the type of the values yielded; never null
   * @param body the code to run, once for each consumer, yielding through its {@link Emitter}; not
   *     null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   *
   * @param <T> the type of the values the generator would yield; it yields none
   * @param error the exception to signal; every consumer gets this same instance; not null
   * @return a generator that yields nothing and fails each consumer with {@code error}
   * @throws NullPointerException if error is null
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
   * @param action called on this thread with each value, in order, before the body resumes; not
   *     null; if it throws, the run ends as <a href="#exceptions">Exceptions</a> says
   * @throws NullPointerException if action is null
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
   * @return a new list of the values in the order they were yielded; empty if there were none
   * @throws Exception what the body threw, unchanged
   */
  public List<T> toList() throws Exception {
    return Terminals.toList(this);
  }

  /**
   * The first value; the body is closed right after yielding it.
   *
   * @return the first value yielded; never null
   * @throws java.util.NoSuchElementException if the body ends without yielding
   * @throws Exception what the body threw before yielding, unchanged
   */
  public T first() throws Exception {
    return Terminals.first(this);
  }

  /**
   * Folds the values with {@code accumulator}, starting from {@code identity}.
   *
   * @param <R> the type of the result
   * @param identity the starting result, returned as it is if the body yields nothing; may be null
   * @param accumulator combines the result so far and the next value into the next result, which
   *     may be null; called on this thread; not null
   * @return the result after the last value
   * @throws NullPointerException if accumulator is null
   * @throws Exception what the body or the accumulator threw, unchanged
   */
  public <R> R reduce(R identity, ThrowingBiFunction<R, ? super T, R> accumulator)
      throws Exception {
    return Terminals.reduce(this, identity, accumulator);
  }

  /**
   * An iterator driving the body from the calling thread, with {@code send}, {@code throwInto} and
   * {@code close} (Python's {@code asend}, {@code athrow}, {@code aclose}). Close it.
   *
   * @return a new iterator with a run of its own; the body starts at its first {@code hasNext},
   *     {@code next} or {@code send}
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
   *
   * @return a new single-use iterable with a run of its own; the body starts when the loop asks for
   *     the first value
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
   *
   * @return a new sequential, ordered stream of non-null values with a run of its own; the body
   *     starts when the stream's terminal operation asks for the first value
   */
  public Stream<T> stream() {
    return Terminals.stream(iterator());
  }

  /**
   * {@link #forEach} on a virtual thread of its own. Cancelling the returned future closes the
   * body; the future fails with what forEach would have thrown.
   *
   * @param action called with each value, in order, on the future's virtual thread; not null (a
   *     null action fails the future with NullPointerException rather than throwing here)
   * @return a future that completes with null when the body completed; unlike the generator itself,
   *     the run starts at once
   */
  public CompletableFuture<Void> forEachAsync(ThrowingConsumer<? super T> action) {
    return Terminals.inBackground(
        () -> {
          forEach(action);
          return null;
        });
  }

  /**
   * {@link #toList} on a virtual thread of its own; cancelling the future closes the body.
   *
   * @return a future of the values, as {@link #toList} returns them; the run starts at once
   */
  public CompletableFuture<List<T>> toListAsync() {
    return Terminals.inBackground(this::toList);
  }

  /**
   * {@link #first} on a virtual thread of its own; cancelling the future closes the body.
   *
   * @return a future of the first value; the run starts at once
   */
  public CompletableFuture<T> firstAsync() {
    return Terminals.inBackground(this::first);
  }

  /**
   * {@link #reduce} on a virtual thread of its own; cancelling the future closes the body.
   *
   * @param <R> the type of the result
   * @param identity the starting result, as for {@link #reduce}
   * @param accumulator as for {@link #reduce}, called on the future's virtual thread; not null (a
   *     null accumulator fails the future with NullPointerException rather than throwing here)
   * @return a future of the result; the run starts at once
   */
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
   * @param <T> the type of the values
   * @param iterable the values; its {@code iterator()} is called once per run, when the run starts;
   *     not null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <T> the type of the values
   * @param stream the values; consumed by the first run only, so do not use it elsewhere; not null
   * @return a new generator that can run once; nothing is pulled from the stream until it is
   *     consumed
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
   * @param <T> the type of the items
   * @param publisher the source, subscribed to afresh by each run; not null
   * @return {@code publisher} itself if it is an {@code AsyncGenerator}, else a new generator;
   *     nothing subscribes until it is consumed
   * @throws NullPointerException if publisher is null
   */
  public static <T> AsyncGenerator<T> from(Flow.Publisher<? extends T> publisher) {
    return Sources.fromPublisher(publisher);
  }

  /**
   * {@code start, start + 1, ..., start + count - 1}.
   *
   * @param start the first value
   * @param count how many values; must not be negative, and 0 gives an empty generator
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param period the time between values; must be positive
   * @return a new generator that never completes by itself; its clock starts at each run's first
   *     demand
   * @throws NullPointerException if period is null
   * @throws IllegalArgumentException if period is zero or negative
   */
  public static AsyncGenerator<Long> interval(java.time.Duration period) {
    return Sources.interval(period);
  }

  /**
   * {@link #lines(java.nio.file.Path, java.nio.charset.Charset)} in UTF-8.
   *
   * @param path the UTF-8 text file to read, opened afresh by each run; not null
   * @return a new generator of the file's lines, without line terminators; the file is not opened
   *     until it is consumed
   * @throws NullPointerException if path is null
   */
  public static AsyncGenerator<String> lines(java.nio.file.Path path) {
    return Sources.lines(path, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The lines of a text file, read lazily: the file is opened at the first demand (so a missing
   * file fails the run, not this call) and closed when the generator ends: completion, error or
   * cancel. Each run reads the file afresh. I/O errors end the generator with the {@link
   * java.io.IOException}.
   *
   * @param path the text file to read, opened afresh by each run; not null
   * @param charset the encoding of the file; input malformed for it ends the run with a {@link
   *     java.nio.charset.CharacterCodingException}; not null
   * @return a new generator of the file's lines, without line terminators; the file is not opened
   *     until it is consumed
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
   * @param client the client that sends the request; not null
   * @param request the request, sent afresh by each run; not null
   * @return a new generator of the response body's lines, without line terminators; nothing is sent
   *     until it is consumed
   * @throws NullPointerException if client or request is null
   */
  public static AsyncGenerator<String> httpLines(
      java.net.http.HttpClient client, java.net.http.HttpRequest request) {
    return Sources.httpLines(client, request);
  }

  /**
   * A generator that completes without yielding.
   *
   * @param <T> the type of the values the generator would yield
   * @return a generator that completes each consumer without yielding
   */
  public static <T> AsyncGenerator<T> empty() {
    return Sources.empty();
  }

  /**
   * The given values, in order.
   *
   * @param <T> the type of the values
   * @param values the values, copied by this call, so later changes to the array do not show
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <R> the type of the results
   * @param f the function applied to each value; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
   * @throws NullPointerException if f is null; f returning null fails the run (Flow forbids null
   *     items)
   */
  public <R> AsyncGenerator<R> map(ThrowingFunction<? super T, ? extends R> f) {
    return Transforms.map(this, f);
  }

  /**
   * Emits the values for which {@code predicate} is true; <a href="#operators">inline</a>.
   *
   * @param predicate true for the values to emit
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param n how many values to emit at most; must not be negative
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param predicate true for the values to emit, up to the first one it is false for
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
   * @throws NullPointerException if predicate is null
   */
  public AsyncGenerator<T> takeWhile(ThrowingPredicate<? super T> predicate) {
    return Limits.takeWhile(this, predicate);
  }

  /**
   * Drops the first {@code n} values and emits the rest; <a href="#operators">inline</a>.
   *
   * @param n how many values to drop; must not be negative, and 0 drops none
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <R> the type of the values of the inner generators
   * @param f gives, for each value, the generator or publisher whose values are emitted in its
   *     place; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <R> the type of the results
   * @param concurrency how many stages may run at once; at least 1
   * @param f starts the work for a value and returns its stage, without waiting for it; called on
   *     the result's body thread, in the order of the values; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <T> the type of the values
   * @param sources the generators or publishers to merge, each run afresh by each run of the
   *     result; none gives a generator that completes at once
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param <U> the type of the values of {@code other}
   * @param <R> the type of the combined values
   * @param other the generator or publisher to pair with this one, run afresh by each run of the
   *     result
   * @param combiner makes one value of a pair; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param size how many values each list holds (the last one possibly fewer); at least 1
   * @return a new generator of unmodifiable lists; nothing runs until it is consumed (<a
   *     href="#laziness">Laziness</a>)
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
   * @param window the length of each time window; must be positive
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param limit the longest wait for each value and for the completion; must be positive
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param fallback gives, for the exception, the generator or publisher to continue with; called
   *     at most once per run; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param times how many more attempts after the first; must not be negative
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param capacity the most values this generator may run ahead; from 1 to 1,048,576
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   *
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
   */
  public AsyncGenerator<T> conflate() {
    return RunAhead.conflate(this);
  }

  /**
   * Emits {@code identity}, then the running accumulation {@code f(f(identity, x0), x1)...} after
   * each value (Python's {@code itertools.accumulate} with {@code initial}). It is <a
   * href="#operators">inline</a>.
   *
   * @param <R> the type of the accumulation
   * @param identity the first value emitted, and the accumulation before any value; not null
   * @param f combines the accumulation so far and the next value into the next one, which is
   *     emitted; it must not return null
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
   * @throws NullPointerException if identity or f is null; f returning null fails the run
   */
  public <R> AsyncGenerator<R> scan(R identity, ThrowingBiFunction<R, ? super T, R> f) {
    return Transforms.scan(this, identity, f);
  }

  /**
   * Emits each value the first time it is seen ({@code equals}/{@code hashCode}); <a
   * href="#operators">inline</a>. The values seen are held for the whole run.
   *
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
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
   * @param action what to run at the end of each run, on the result's body thread
   * @return a new generator; nothing runs until it is consumed (<a href="#laziness">Laziness</a>)
   * @throws NullPointerException if action is null
   */
  public AsyncGenerator<T> onClose(Runnable action) {
    return Errors.onClose(this, action);
  }
}
