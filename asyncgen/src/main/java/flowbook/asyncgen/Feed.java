package flowbook.asyncgen;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Subscriber} that a generator body drains with {@link #drainInto}: the bridge from
 * any publisher (or the JDK's HTTP client) into a body, with exact demand.
 */
final class Feed<T> implements Flow.Subscriber<T> {
  /*
   * Signals arrive on the publisher's threads and go through a mailbox to the body, which awaits
   * them. The body requests one item at a time, and only when it is about to yield: so the publisher
   * is asked for item k+1 only after the downstream took item k, and at most one item waits in the
   * mailbox.
   */

  private final Mailbox<Object> mailbox = new Mailbox<>();
  private volatile Flow.Subscription subscription; // the first one given; later ones are cancelled
  private volatile boolean done; // a terminal signal or cancel happened: ignore further signals

  @Override
  public void onSubscribe(Flow.Subscription given) {
    Objects.requireNonNull(given, "RS 2.13: onSubscribe(null)");
    if (subscription != null || done) {
      given.cancel(); // RS 2.5: a second subscription is cancelled
      return;
    }
    subscription = given;
    mailbox.post(given);
  }

  @Override
  public void onNext(T item) {
    Objects.requireNonNull(item, "RS 2.13: onNext(null)");
    mailbox.post(new Signal.Item(0, item));
  }

  @Override
  public void onError(Throwable error) {
    Objects.requireNonNull(error, "RS 2.13: onError(null)");
    mailbox.post(new Signal.Failed(0, error));
  }

  @Override
  public void onComplete() {
    mailbox.post(new Signal.End(0));
  }

  /** Fails the feed from outside the publisher, e.g. when the HTTP exchange itself failed. */
  void fail(Throwable error) {
    mailbox.post(new Signal.Failed(0, error));
  }

  /**
   * Yields every item into {@code out} until the publisher completes (returns) or fails (throws its
   * error); cancels the subscription when the body is closed meanwhile.
   */
  @SuppressWarnings("unchecked")
  void drainInto(Emitter<T> out) {
    boolean finished = false;
    try {
      Object first = Async.await(mailbox.take());
      if (!(first instanceof Flow.Subscription)) { // an exchange that failed before subscribing
        finished = true;
        finish(first);
        return;
      }
      while (true) {
        subscription.request(1);
        Object next = Async.await(mailbox.take());
        if (next instanceof Signal.Item item) {
          out.yield((T) item.value());
        } else {
          finished = true;
          finish(next);
          return;
        }
      }
    } finally {
      done = true;
      Flow.Subscription current = subscription;
      if (!finished && current != null) {
        current.cancel(); // RS 3.5: closed from downstream, so stop the publisher
      }
    }
  }

  private static void finish(Object terminal) {
    if (terminal instanceof Signal.Failed failed) {
      throw Sneaky.rethrow(failed.error());
    }
  }
}
