package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IntervalTest {
  @Test
  void yieldsZeroOneTwoOnePeriodApart() throws Exception {
    long start = System.nanoTime();
    assertEquals(
        List.of(0L, 1L, 2L),
        AsyncGenerator.interval(java.time.Duration.ofMillis(10)).take(3).toList());
    assertTrue(System.nanoTime() - start >= 30_000_000L, "three periods at least");
  }

  @Test
  void cancelWhileWaitingEndsTheBody() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    AsyncGenerator<Long> waiting =
        AsyncGenerator.of(
            out -> {
              started.countDown(); // then interval waits an hour for its first value
              AsyncGenerator.interval(java.time.Duration.ofHours(1)).forEach(out::yield);
            });
    TestSubscriber<Long> subscriber =
        Upstreams.subscribe(
            waiting.onClose(
                () -> {
                  log.add("closed");
                  ended.countDown();
                }),
            1);
    assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
    subscriber.cancel();
    assertTrue(ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "the body ended");
    assertEquals(List.of("closed"), log);
    assertEquals(List.of("subscribe"), subscriber.events);
  }

  @Test
  void aSlowConsumerDelaysValuesWithoutDroppingAny() throws Exception {
    TestSubscriber<Long> subscriber =
        Upstreams.subscribe(AsyncGenerator.interval(java.time.Duration.ofMillis(1)), 1);
    subscriber.awaitItems(1);
    Thread.sleep(20); // a slow consumer: several periods pass before it asks again
    subscriber.request(3);
    subscriber.awaitItems(4);
    assertEquals(List.of(0L, 1L, 2L, 3L), subscriber.items);
    subscriber.cancel();
  }

  @Test
  void nonPositivePeriodIsRejectedAtOnce() {
    assertThrows(
        IllegalArgumentException.class, () -> AsyncGenerator.interval(java.time.Duration.ZERO));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.interval(null));
  }
}
