package flowbook.asyncgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;

/** Operators that combine several generators: merge, zip. */
final class Combining {
  private Combining() {}

  /*
   * Each upstream runs on a pump thread of its own and posts into the body's mailbox. An upstream
   * is asked for its next value only after its previous one was yielded downstream, so at most one
   * value per upstream waits in the mailbox.
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
          Mailbox<Signal> mailbox = new Mailbox<>();
          List<Pump<? extends T>> pumps = new ArrayList<>(generators.size());
          try {
            for (int i = 0; i < generators.size(); i++) {
              Pump<? extends T> pump = new Pump<>(generators.get(i), mailbox, i);
              pumps.add(pump);
              pump.request();
            }
            int running = pumps.size();
            while (running > 0) {
              Signal signal = Async.await(mailbox.take());
              if (signal instanceof Signal.Item item) {
                @SuppressWarnings("unchecked")
                T value = (T) item.value();
                out.yield(value);
                pumps.get(item.source()).request();
              } else if (signal instanceof Signal.End) {
                running--;
              } else if (signal instanceof Signal.Failed failed) {
                throw Sneaky.rethrow(failed.error()); // the others are closed below
              }
            }
          } finally {
            Pump.closeAll(pumps);
          }
        });
  }

  static <A, B, R> AsyncGenerator<R> zip(
      AsyncGenerator<A> first,
      Flow.Publisher<? extends B> second,
      ThrowingBiFunction<? super A, ? super B, ? extends R> combiner) {
    Objects.requireNonNull(second, "zip(null, combiner): pass the generator to zip with");
    Objects.requireNonNull(combiner, "zip(other, null): pass the function combining each pair");
    AsyncGenerator<? extends B> other = Sources.fromPublisher(second);
    return AsyncGenerator.of(
        out -> {
          Mailbox<Signal> mailbox = new Mailbox<>();
          Pump<A> left = new Pump<>(first, mailbox, 0);
          Pump<? extends B> right = new Pump<>(other, mailbox, 1);
          try {
            Object[] pair = new Object[2];
            left.request();
            right.request();
            while (true) {
              Signal signal = Async.await(mailbox.take());
              if (signal instanceof Signal.Item item) {
                pair[item.source()] = item.value();
              } else if (signal instanceof Signal.End) {
                return; // the shorter one ended; the other is closed below
              } else if (signal instanceof Signal.Failed failed) {
                throw Sneaky.rethrow(failed.error());
              }
              if (pair[0] != null && pair[1] != null) {
                @SuppressWarnings("unchecked")
                R combined = combiner.apply((A) pair[0], (B) pair[1]);
                pair[0] = null;
                pair[1] = null;
                out.yield(combined);
                left.request();
                right.request();
              }
            }
          } finally {
            Pump.closeAll(left, right);
          }
        });
  }
}
