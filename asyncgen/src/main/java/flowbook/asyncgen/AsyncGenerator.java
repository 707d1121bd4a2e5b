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
 * buffered past demand. {@code request(n <= 0)} ends the subscription with {@code
 * onError(IllegalArgumentException)} (RS 3.9).
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
    new PushRun<>(body, subscriber).subscribe();
  }

  // ---- terminals ----

  /**
   * Runs the body on this thread and calls {@code action} with each value (Python's {@code async
   * for}). Returns when the body ends; see the class doc for exceptions and interrupts.
   */
  public void forEach(ThrowingConsumer<? super T> action) {
    Terminals.forEach(this, action);
  }

  /** Runs the body on this thread and returns all its values in order. */
  public List<T> toList() {
    return Terminals.toList(this);
  }

  /**
   * The first value; the body is closed right after yielding it.
   *
   * @throws java.util.NoSuchElementException if the body ends without yielding
   */
  public T first() {
    return Terminals.first(this);
  }

  /** Folds the values with {@code accumulator}, starting from {@code identity}. */
  public <R> R reduce(R identity, ThrowingBiFunction<R, ? super T, R> accumulator) {
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
}
