package flowbook.asyncgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** Operators that combine several generators: merge, zip. */
final class Combining {
  private Combining() {}

  /*
   * Each upstream runs on an UpstreamThread and posts into the body's mailbox. An upstream is asked
   * for its next value only after its previous one was yielded downstream, so at most one value
   * per upstream waits in the mailbox.
   */

  static <T> AsyncGenerator<T> merge(List<? extends Flow.Publisher<? extends T>> sources) {
    Objects.requireNonNull(sources, "merge(null): pass the generators to merge");
    List<AsyncGenerator<? extends T>> generators = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      Flow.Publisher<? extends T> source =
          Objects.requireNonNull(sources.get(i), "merge(...): source " + i + " is null");
      generators.add(Sources.fromPublisher(source));
    }
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal<T>> mailbox = new Mailbox<>();
          List<UpstreamThread<T>> upstreams = new ArrayList<>(generators.size());
          try {
            for (int i = 0; i < generators.size(); i++) {
              UpstreamThread<T> upstream = new UpstreamThread<>(generators.get(i), mailbox, i);
              upstreams.add(upstream);
              upstream.request();
            }
            int running = upstreams.size();
            while (running > 0) {
              switch (Async.await(mailbox.take())) {
                case Signal.Item<T> item -> {
                  out.yield(item.value());
                  upstreams.get(item.source()).request();
                }
                case Signal.End<T> end -> running--;
                case Signal.Failed<T> failed -> throw Sneaky.rethrow(failed.error()); // see finally
              }
            }
          } finally {
            UpstreamThread.closeAll(upstreams);
          }
        });
  }

  /*
   * zip waits for whichever side has not delivered its value of the pair yet: both at first (a
   * pending take of each mailbox, reused until it completes), then the missing one. A completed
   * take is always consumed in the same turn of the loop, so no signal is lost.
   */
  static <A, B, R> AsyncGenerator<R> zip(
      AsyncGenerator<A> first,
      Flow.Publisher<? extends B> second,
      ThrowingBiFunction<? super A, ? super B, ? extends R> combiner) {
    Objects.requireNonNull(second, "zip(null, combiner): pass the generator to zip with");
    Objects.requireNonNull(combiner, "zip(other, null): pass the function combining each pair");
    AsyncGenerator<? extends B> other = Sources.fromPublisher(second);
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal<A>> lefts = new Mailbox<>();
          Mailbox<Signal<B>> rights = new Mailbox<>();
          UpstreamThread<A> left = new UpstreamThread<>(first, lefts, 0);
          UpstreamThread<B> right = new UpstreamThread<>(other, rights, 1);
          try {
            left.request();
            right.request();
            while (true) {
              CompletableFuture<Signal<A>> nextLeft = lefts.take();
              CompletableFuture<Signal<B>> nextRight = rights.take();
              Async.await(CompletableFuture.anyOf(nextLeft, nextRight));
              if (hasEnded(nextLeft) || hasEnded(nextRight)) {
                return; // the shorter one ended; the other is closed below
              }
              A a = valueOf(Async.await(nextLeft));
              B b = valueOf(Async.await(nextRight));
              if (a == null || b == null) {
                return;
              }
              out.yield(combiner.apply(a, b));
              left.request();
              right.request();
            }
          } finally {
            UpstreamThread.closeAll(left, right);
          }
        });
  }

  /** True if the take completed with End; throws the error of Failed. */
  private static boolean hasEnded(CompletableFuture<? extends Signal<?>> take) {
    return take.isDone() && valueOf(take.join()) == null;
  }

  /** The value of an Item, null for End; throws the error of Failed. */
  private static <V> V valueOf(Signal<V> signal) {
    return switch (signal) {
      case Signal.Item<V> item -> item.value();
      case Signal.End<V> end -> null;
      case Signal.Failed<V> failed -> throw Sneaky.rethrow(failed.error());
    };
  }
}
