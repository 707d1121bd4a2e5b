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
    TestSubscriber<Long> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.interval(java.time.Duration.ofHours(1)).onClose(() -> log.add("closed")),
            1);
    Upstreams.settle();
    subscriber.cancel();
    while (!log.contains("closed")) {
      Thread.sleep(1);
    }
    assertEquals(List.of("subscribe"), subscriber.events);
  }

  @Test
  void aSlowConsumerDelaysValuesWithoutDroppingAny() throws Exception {
    TestSubscriber<Long> subscriber =
        Upstreams.subscribe(AsyncGenerator.interval(java.time.Duration.ofMillis(1)), 1);
    subscriber.awaitItems(1);
    Upstreams.settle();
    subscriber.request(3);
    subscriber.awaitItems(4);
    Upstreams.settle();
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
