package flowbook.asyncgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A subscriber that requests only when told to and records every signal as an event string
 * ("next:1", "error:IllegalArgumentException: ...", "complete") in arrival order.
 */
class TestSubscriber<T> implements Flow.Subscriber<T> {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<T> items = new CopyOnWriteArrayList<>();
  final List<Thread> signalThreads = new CopyOnWriteArrayList<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final long initialRequest;
  volatile Flow.Subscription subscription;
  volatile Throwable error;

  TestSubscriber() {
    this(0);
  }

  TestSubscriber(long initialRequest) {
    this.initialRequest = initialRequest;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    events.add("subscribe");
    if (initialRequest > 0) {
      subscription.request(initialRequest);
    }
  }

  @Override
  public void onNext(T item) {
    signalThreads.add(Thread.currentThread());
    items.add(item);
    events.add("next:" + item);
  }

  @Override
  public void onError(Throwable throwable) {
    signalThreads.add(Thread.currentThread());
    error = throwable;
    events.add("error:" + throwable.getClass().getSimpleName() + ": " + throwable.getMessage());
    terminated.countDown();
  }

  @Override
  public void onComplete() {
    signalThreads.add(Thread.currentThread());
    events.add("complete");
    terminated.countDown();
  }

  void request(long n) {
    subscription.request(n);
  }

  void cancel() {
    subscription.cancel();
  }

  /** Waits until onComplete or onError arrived. */
  TestSubscriber<T> awaitTerminal() throws InterruptedException, TimeoutException {
    if (!terminated.await(10, TimeUnit.SECONDS)) {
      throw new TimeoutException("no terminal signal; events so far: " + events);
    }
    return this;
  }

  /** Waits until {@code count} items arrived. */
  void awaitItems(int count) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (items.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("expected " + count + " items; events so far: " + events);
      }
      Thread.sleep(1);
    }
  }
}
