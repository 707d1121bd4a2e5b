package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TakeWhileTest {
  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().takeWhile(x -> true).toList());
  }

  @Test
  void stopsAtTheFirstFailingValueAndClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    assertEquals(
        List.of(0, 1), AsyncGenerator.of(probe.counting(5)).takeWhile(x -> x < 2).toList());
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "finally"), probe.log);
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> taken =
        AsyncGenerator.of(Upstreams.failing(probe, 2, error)).takeWhile(x -> true);
    assertSame(error, assertThrows(IllegalStateException.class, taken::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromThePredicateClosesTheUpstreamAndReachesTheConsumer() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("bad");
    AsyncGenerator<Integer> taken =
        AsyncGenerator.of(probe.counting(5))
            .takeWhile(
                x -> {
                  if (x == 1) {
                    throw error;
                  }
                  return true;
                });
    assertSame(error, assertThrows(IllegalArgumentException.class, taken::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).takeWhile(x -> true), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void pullsNoMoreThanTheDownstreamAsked() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).takeWhile(x -> true), 2);
    subscriber.awaitItems(2);
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 2");
  }

  @Test
  void nullPredicateIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).takeWhile(null));
  }
}
