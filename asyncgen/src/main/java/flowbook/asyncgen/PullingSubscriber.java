package flowbook.asyncgen;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Subscriber} that a generator body drains with {@link #drainInto}, requesting one
 * item each time the body is about to yield: the bridge from any publisher (or the JDK's HTTP
 * client) into a body, with exact demand.
 */
final class PullingSubscriber<T> implements Flow.Subscriber<T> {
  /*
   * Signals arrive on the publisher's threads and go through a mailbox to the body, which awaits
   * them. The body requests one item at a time, and only when it is about to yield: so the
   * publisher is asked for item k+1 only after the downstream took item k, and at most one item
   * waits in the mailbox.
   */

  private final Mailbox<Signal<T>> mailbox = new Mailbox<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private volatile boolean done; // drainInto returned: a late subscription is cancelled at once

  @Override
  public void onSubscribe(Flow.Subscription given) {
    Objects.requireNonNull(given, "RS 2.13: onSubscribe(null)");
    if (!subscription.complete(given) || done) {
      given.cancel(); // RS 2.5: a second subscription is cancelled; so is one nobody will drain
    }
  }

  @Override
  public void onNext(T item) {
    Objects.requireNonNull(item, "RS 2.13: onNext(null)");
    mailbox.post(new Signal.Item<>(0, item));
  }

  @Override
  public void onError(Throwable error) {
    Objects.requireNonNull(error, "RS 2.13: onError(null)");
    mailbox.post(new Signal.Failed<>(0, error));
  }

  @Override
  public void onComplete() {
    mailbox.post(new Signal.End<>(0));
  }

  /** Fails the feed from outside the publisher, e.g. when the HTTP exchange itself failed. */
  void fail(Throwable error) {
    mailbox.post(new Signal.Failed<>(0, error));
  }

  /**
   * Yields every item into {@code out} until the publisher completes (returns) or fails (throws its
   * error); cancels the subscription when the body is closed meanwhile.
   */
  void drainInto(Emitter<T> out) {
    boolean finished = false;
    try {
      // a failed exchange posts Failed without ever subscribing, so wait for either
      CompletableFuture<Signal<T>> next = mailbox.take();
      Async.await(CompletableFuture.anyOf(subscription, next));
      while (true) {
        if (!next.isDone()) {
          subscription.join().request(1); // done: anyOf returned and nothing was posted
        }
        Signal<T> signal = Async.await(next);
        finished = !(signal instanceof Signal.Item<T>); // the publisher ended: nothing to cancel
        if (!handle(signal, out)) {
          return;
        }
        next = mailbox.take();
      }
    } finally {
      done = true;
      if (!finished && subscription.isDone()) {
        subscription.join().cancel(); // RS 3.5: closed from downstream, so stop the publisher
      }
    }
  }

  /** Yields an item and returns true; returns false at the end; throws a failure. */
  private static <T> boolean handle(Signal<T> signal, Emitter<T> out) {
    switch (signal) {
      case Signal.Item<T> item -> {
        out.yield(item.value());
        return true;
      }
      case Signal.End<T> end -> {
        return false;
      }
      case Signal.Failed<T> failed -> throw Sneaky.rethrow(failed.error());
    }
  }
}
