package flowbook.asyncgen;

import java.util.concurrent.TimeoutException;

/** Upstream bodies and consumer steps shared by the operator tests. */
final class Upstreams {
  private Upstreams() {}

  /** A body yielding 0..count-1 and then throwing {@code error}, logging like Probe.counting. */
  static GeneratorBody<Integer> failing(Probe probe, int count, Exception error) {
    return out -> {
      probe.bodyThread = Thread.currentThread();
      probe.add("start");
      try {
        for (int i = 0; i < count; i++) {
          probe.add("yield " + i);
          out.yield(i);
        }
        probe.add("throw");
        throw error;
      } finally {
        probe.add("finally");
      }
    };
  }

  /**
   * A body that yields 0..yields-1, logs {@code waiting} and then waits for a future that never
   * completes, until it is closed; its finally block logs {@code finally}.
   */
  static GeneratorBody<Integer> stuckAfter(Probe probe, int yields, String waiting) {
    return out -> {
      probe.bodyThread = Thread.currentThread();
      try {
        for (int i = 0; i < yields; i++) {
          out.yield(i);
        }
        probe.add(waiting);
        Async.await(new java.util.concurrent.CompletableFuture<Void>());
      } finally {
        probe.add("finally");
      }
    };
  }

  /** Subscribes and requests {@code n} (none if 0). */
  static <T> TestSubscriber<T> subscribe(java.util.concurrent.Flow.Publisher<T> generator, long n) {
    TestSubscriber<T> subscriber = new TestSubscriber<>(n);
    generator.subscribe(subscriber);
    return subscriber;
  }

  /**
   * Waits until the probe logged {@code event}, cancels, and waits for the probe's finally block
   * and for its thread to end.
   */
  static void cancelAt(TestSubscriber<?> subscriber, Probe probe, String event)
      throws InterruptedException, TimeoutException {
    probe.awaitEvent(event);
    subscriber.cancel();
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
  }
}
