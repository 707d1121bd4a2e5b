package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SkipTest {
  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().skip(2).toList());
  }

  @Test
  void dropsTheFirstNValues() throws Exception {
    assertEquals(List.of(2, 3), AsyncGenerator.of(new Probe().counting(4)).skip(2).toList());
    assertEquals(List.of(0, 1), AsyncGenerator.of(new Probe().counting(2)).skip(0).toList());
    assertEquals(List.of(), AsyncGenerator.of(new Probe().counting(2)).skip(5).toList());
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> skipped = AsyncGenerator.of(Upstreams.failing(probe, 1, error)).skip(3);
    assertSame(error, assertThrows(IllegalStateException.class, skipped::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheConsumerClosesTheUpstream() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    AsyncGenerator<Integer> skipped = AsyncGenerator.of(probe.counting(5)).skip(1);
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                skipped.forEach(
                    x -> {
                      throw error;
                    }));
    assertSame(error, thrown);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).skip(2), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 3");
    assertEquals(
        List.of("start", "yield 0", "yield 1", "yield 2", "yield 3", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:2"), subscriber.events);
  }

  @Test
  void pullsTheSkippedValuesPlusWhatTheDownstreamAsked() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).skip(2), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("yield 3");
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "yield 3"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 3");
  }

  @Test
  void negativeNIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).skip(-1));
  }
}
