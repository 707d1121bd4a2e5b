package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FilterTest {
  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().filter(x -> true).toList());
  }

  @Test
  void keepsTheValuesThatPassInOrder() throws Exception {
    Probe probe = new Probe();
    assertEquals(
        List.of(0, 2, 4), AsyncGenerator.of(probe.counting(5)).filter(x -> x % 2 == 0).toList());
    assertEquals("finally", probe.log.get(probe.log.size() - 1));
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> filtered =
        AsyncGenerator.of(Upstreams.failing(probe, 2, error)).filter(x -> x > 0);
    assertSame(error, assertThrows(IllegalStateException.class, filtered::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromThePredicateClosesTheUpstreamAndReachesTheConsumer() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("bad");
    AsyncGenerator<Integer> filtered =
        AsyncGenerator.of(probe.counting(5))
            .filter(
                x -> {
                  if (x == 1) {
                    throw error;
                  }
                  return true;
                });
    assertSame(error, assertThrows(IllegalArgumentException.class, filtered::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).filter(x -> x % 2 == 0), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 2");
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:0"), subscriber.events);
  }

  @Test
  void pullsOnlyUntilTheRequestedValuesPassed() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).filter(x -> x % 2 == 0), 2);
    subscriber.awaitItems(2);
    probe.awaitEvent("yield 4");
    Upstreams.settle();
    assertEquals(
        List.of("start", "yield 0", "yield 1", "yield 2", "yield 3", "yield 4"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 4");
  }

  @Test
  void nullPredicateIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).filter(null));
  }
}
