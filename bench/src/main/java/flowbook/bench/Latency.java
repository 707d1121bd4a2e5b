package flowbook.bench;

import flowbook.asyncgen.AsyncGenerator;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Yield-to-onNext latency: the body yields {@code System.nanoTime()} and the consumer records how
 * long ago that was when the value reached it. Prints one line per case: name, p50 and p99 in
 * nanoseconds.
 *
 * <ul>
 *   <li>{@code demand-ready}: the subscriber keeps demand ahead (request(256) from onNext), so the
 *       yield is a plain call into onNext on the body's thread.
 *   <li>{@code request-from-other-thread}: each request(1) comes from a platform thread after the
 *       previous item arrived, so every yield parks the body until the request wakes it.
 *   <li>{@code iterate-across-threads}: a platform thread pulls with {@code iterate()}; every value
 *       is handed from the body's virtual thread to the puller.
 * </ul>
 */
public final class Latency {
  private static final int WARMUP = 200_000;
  private static final int SAMPLES = 1_000_000;

  private Latency() {}

  public static void main(String[] args) throws Exception {
    print("demand-ready", demandReady());
    print("request-from-other-thread", requestFromOtherThread());
    print("iterate-across-threads", iterateAcrossThreads());
  }

  private static AsyncGenerator<Long> stamps(int count) {
    return AsyncGenerator.of(
        out -> {
          for (int i = 0; i < count; i++) {
            out.yield(System.nanoTime());
          }
        });
  }

  private static long[] demandReady() throws InterruptedException {
    long[] latencies = new long[WARMUP + SAMPLES];
    CountDownLatch done = new CountDownLatch(1);
    stamps(latencies.length)
        .subscribe(
            new Flow.Subscriber<>() {
              private Flow.Subscription subscription;
              private int received;

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(256);
              }

              @Override
              public void onNext(Long stamp) {
                latencies[received++] = System.nanoTime() - stamp;
                if (received % 256 == 0) {
                  subscription.request(256);
                }
              }

              @Override
              public void onError(Throwable throwable) {
                throwable.printStackTrace();
                done.countDown();
              }

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    done.await();
    return Arrays.copyOfRange(latencies, WARMUP, latencies.length);
  }

  private static long[] requestFromOtherThread() throws InterruptedException {
    long[] latencies = new long[WARMUP + SAMPLES];
    AtomicLong received = new AtomicLong(); // written by the body's thread, read by the requester
    Flow.Subscription[] subscription = new Flow.Subscription[1];
    CountDownLatch subscribed = new CountDownLatch(1);
    stamps(latencies.length)
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                subscribed.countDown();
              }

              @Override
              public void onNext(Long stamp) {
                long now = System.nanoTime();
                int index = (int) received.get();
                latencies[index] = now - stamp;
                received.lazySet(index + 1);
              }

              @Override
              public void onError(Throwable throwable) {
                throwable.printStackTrace();
              }

              @Override
              public void onComplete() {}
            });
    subscribed.await();
    for (int i = 0; i < latencies.length; i++) {
      subscription[0].request(1);
      while (received.get() == i) {
        Thread.onSpinWait();
      }
    }
    return Arrays.copyOfRange(latencies, WARMUP, latencies.length);
  }

  private static long[] iterateAcrossThreads() {
    long[] latencies = new long[WARMUP + SAMPLES];
    int index = 0;
    try (var values = stamps(latencies.length).iterate()) {
      for (Long stamp : values) {
        latencies[index++] = System.nanoTime() - stamp;
      }
    }
    return Arrays.copyOfRange(latencies, WARMUP, latencies.length);
  }

  private static void print(String name, long[] latencies) {
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "latency %s p50=%d p99=%d%n",
        name,
        latencies[latencies.length / 2],
        latencies[(int) (latencies.length * 0.99)]);
  }
}
