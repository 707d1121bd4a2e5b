package flowbook.asyncgen;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

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
          AtomicReference<R> state = new AtomicReference<>(identity); // a typed holder
          out.yield(identity);
          upstream.forEach(
              item -> {
                R next = accumulator.apply(state.get(), item);
                state.set(next);
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
   * The upstream runs on an UpstreamThread. The body waits for "the next upstream signal or the
   * oldest stage's completion" with one await: the oldest stage completes the pending take with
   * null (results are emitted in source order, so only the oldest one matters). A stage counts
   * against the concurrency from f's call until its result was yielded, so at most `concurrency`
   * results (and no further upstream item) wait while the downstream is slow.
   */
  private static <T, R> void runMapAsync(
      AsyncGenerator<T> source,
      int concurrency,
      ThrowingFunction<? super T, ? extends CompletionStage<? extends R>> f,
      Emitter<R> out)
      throws Exception {
    Mailbox<Signal<T>> mailbox = new Mailbox<>();
    UpstreamThread<T> upstream = new UpstreamThread<>(source, mailbox, 0);
    ArrayDeque<CompletableFuture<? extends R>> inFlight = new ArrayDeque<>();
    boolean requested = false; // the upstream owes us a signal
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
          upstream.request();
          requested = true;
        }
        CompletableFuture<Signal<T>> next = mailbox.take();
        CompletableFuture<? extends R> oldest = inFlight.peek();
        if (oldest != null) {
          oldest.whenComplete((result, error) -> next.complete(null));
        }
        Signal<T> signal = Async.await(next);
        switch (signal) {
          case null -> {} // the oldest stage completed: yielded at the top of the loop
          case Signal.Item<T> item -> {
            requested = false;
            CompletionStage<? extends R> stage =
                Objects.requireNonNull(
                    f.apply(item.value()), "mapAsync: the function returned null");
            inFlight.add(Async.asFuture(stage));
          }
          case Signal.End<T> end -> {
            requested = false;
            upstreamDone = true;
          }
          case Signal.Failed<T> failed -> throw Sneaky.rethrow(failed.error());
        }
      }
    } finally {
      for (CompletableFuture<? extends R> future : inFlight) {
        future.cancel(false); // results nobody will take; stops work that honours cancel
      }
      UpstreamThread.closeAll(upstream);
    }
  }
}
