package flowbook.asyncgen;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Operators that transform each value: map, filter, flatMap, mapAsync, scan, distinct. */
final class Transforms {
  private Transforms() {}

  static <T, R> AsyncGenerator<R> map(
      AsyncGenerator<T> upstream, ThrowingFunction<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "map(null): pass the function to apply to each value");
    return AsyncGenerator.of(out -> upstream.forEach(item -> out.yield(f.apply(item))));
  }

  static <T> AsyncGenerator<T> filter(
      AsyncGenerator<T> upstream, ThrowingPredicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "filter(null): pass the predicate values must pass");
    return AsyncGenerator.of(
        out ->
            upstream.forEach(
                item -> {
                  if (predicate.test(item)) {
                    out.yield(item);
                  }
                }));
  }

  static <T, R> AsyncGenerator<R> flatMap(
      AsyncGenerator<T> upstream,
      ThrowingFunction<? super T, ? extends Flow.Publisher<? extends R>> f) {
    Objects.requireNonNull(f, "flatMap(null): pass the function giving each value's generator");
    return AsyncGenerator.of(
        out ->
            upstream.forEach(
                item -> {
                  Flow.Publisher<? extends R> inner =
                      Objects.requireNonNull(
                          f.apply(item), "flatMap: the function returned null for " + item);
                  Sources.<R>fromPublisher(inner).forEach(out::yield);
                }));
  }

  static <T, R> AsyncGenerator<R> scan(
      AsyncGenerator<T> upstream, R identity, ThrowingBiFunction<R, ? super T, R> accumulator) {
    Objects.requireNonNull(identity, "scan(null, f): pass the initial value");
    Objects.requireNonNull(accumulator, "scan(identity, null): pass the accumulator function");
    return AsyncGenerator.of(
        out -> {
          Object[] state = {identity};
          out.yield(identity);
          upstream.forEach(
              item -> {
                @SuppressWarnings("unchecked")
                R next = accumulator.apply((R) state[0], item);
                state[0] = next;
                out.yield(next);
              });
        });
  }

  static <T> AsyncGenerator<T> distinct(AsyncGenerator<T> upstream) {
    return AsyncGenerator.of(
        out -> {
          Set<T> seen = new HashSet<>();
          upstream.forEach(
              item -> {
                if (seen.add(item)) {
                  out.yield(item);
                }
              });
        });
  }

  static <T, R> AsyncGenerator<R> mapAsync(
      AsyncGenerator<T> upstream,
      int concurrency,
      ThrowingFunction<? super T, ? extends CompletionStage<? extends R>> f) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "mapAsync(" + concurrency + ", f): concurrency must be at least 1");
    }
    Objects.requireNonNull(f, "mapAsync(n, null): pass the function starting each value's work");
    return AsyncGenerator.of(out -> runMapAsync(upstream, concurrency, f, out));
  }

  /*
   * The upstream runs on a pump thread; each stage posts a Wake into the same mailbox when it
   * completes, so the body waits for "an item or a finished stage" with one await. A stage counts
   * against the concurrency from f's call until its result was yielded, so at most `concurrency`
   * results (and no further upstream item) wait while the downstream is slow.
   */
  private static <T, R> void runMapAsync(
      AsyncGenerator<T> upstream,
      int concurrency,
      ThrowingFunction<? super T, ? extends CompletionStage<? extends R>> f,
      Emitter<R> out)
      throws Exception {
    Mailbox<Signal> mailbox = new Mailbox<>();
    Pump<T> pump = new Pump<>(upstream, mailbox, 0);
    ArrayDeque<CompletableFuture<? extends R>> inFlight = new ArrayDeque<>();
    boolean requested = false; // the pump owes us a signal
    boolean upstreamDone = false;
    try {
      while (true) {
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
          out.yield(Async.resultOf(inFlight.poll())); // in source order
        }
        if (upstreamDone && inFlight.isEmpty()) {
          return;
        }
        if (!upstreamDone && !requested && inFlight.size() < concurrency) {
          pump.request();
          requested = true;
        }
        Signal signal = Async.await(mailbox.take());
        if (signal instanceof Signal.Item item) {
          requested = false;
          @SuppressWarnings("unchecked")
          T value = (T) item.value();
          CompletionStage<? extends R> stage =
              Objects.requireNonNull(f.apply(value), "mapAsync: the function returned null");
          CompletableFuture<? extends R> future = Async.asFuture(stage);
          inFlight.add(future);
          future.whenComplete((result, error) -> mailbox.post(new Signal.Wake(0)));
        } else if (signal instanceof Signal.End) {
          requested = false;
          upstreamDone = true;
        } else if (signal instanceof Signal.Failed failed) {
          throw Sneaky.rethrow(failed.error());
        }
      }
    } finally {
      for (CompletableFuture<? extends R> future : inFlight) {
        future.cancel(false); // results nobody will take; stops work that honours cancel
      }
      Pump.closeAll(pump);
    }
  }
}
