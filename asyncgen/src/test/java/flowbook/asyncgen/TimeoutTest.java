package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimeoutTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void valuesInTimePassThrough() throws Exception {
    assertEquals(List.of(1, 2), AsyncGenerator.just(1, 2).timeout(LONG).toList());
  }

  @Test
  void aLateValueEndsWithTimeoutExceptionAndClosesTheUpstream() {
    Probe probe = new Probe();
    AsyncGenerator<Integer> stuck = AsyncGenerator.of(Upstreams.stuckAfter(probe, 1, "waiting"));
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TimeoutException thrown =
        assertThrows(
            // long enough for the first value to arrive on a loaded machine; the second never does
            TimeoutException.class, () -> stuck.timeout(Duration.ofSeconds(1)).forEach(seen::add));
    assertTrue(thrown.getMessage().contains("PT1S"), thrown.getMessage());
    assertEquals(List.of(0), seen);
    assertEquals(List.of("waiting", "finally"), probe.log);
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void timeTheDownstreamTakesDoesNotCount() throws Exception {
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.just(1, 2).timeout(Duration.ofMillis(300)), 1);
    subscriber.awaitItems(1);
    Thread.sleep(600); // well past the limit, with no demand
    subscriber.request(5);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:1", "next:2", "complete"), subscriber.events);
  }

  @Test
  void nonPositiveLimitIsRejectedAtOnce() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AsyncGenerator.just(1).timeout(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).timeout(null));
  }
}
