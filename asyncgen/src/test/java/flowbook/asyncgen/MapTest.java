package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MapTest {
  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().map(x -> x * 10).toList());
  }

  @Test
  void appliesTheFunctionToEachValueInOrder() throws Exception {
    Probe probe = new Probe();
    List<Integer> values = AsyncGenerator.of(probe.counting(3)).map(x -> x * 10).toList();
    assertEquals(List.of(0, 10, 20), values);
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "end", "finally"), probe.log);
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(Upstreams.failing(probe, 1, error)).map(x -> x), 5);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        List.of("subscribe", "next:0", "error:IllegalStateException: boom"), subscriber.events);
    probe.awaitBodyThreadGone();
  }

  @Test
  void exceptionFromTheFunctionClosesTheUpstreamAndReachesTheConsumer() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("bad value");
    AsyncGenerator<Integer> mapped =
        AsyncGenerator.of(probe.counting(5))
            .map(
                x -> {
                  if (x == 1) {
                    throw error;
                  }
                  return x;
                });
    assertSame(error, assertThrows(IllegalArgumentException.class, mapped::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(5)).map(x -> x * 10), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:0"), subscriber.events);
  }

  @Test
  void pullsNoMoreThanTheDownstreamAsked() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(5)).map(x -> x * 10), 2);
    subscriber.awaitItems(2);
    probe.awaitEvent("yield 2");
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2"), probe.log);
    assertEquals(List.of(0, 10), subscriber.items);
    Upstreams.cancelAt(subscriber, probe, "yield 2");
  }

  @Test
  void completionLeavesNoThread() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(2)).map(x -> x), Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:0", "next:1", "complete"), subscriber.events);
    probe.awaitBodyThreadGone();
  }

  @Test
  void nullFunctionIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).map(null));
  }
}
