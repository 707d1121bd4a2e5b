package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DistinctTest {
  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().distinct().toList());
  }

  @Test
  void emitsEachValueTheFirstTimeItIsSeen() throws Exception {
    assertEquals(List.of(3, 1, 2), AsyncGenerator.just(3, 1, 3, 2, 1, 2).distinct().toList());
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> distinct =
        AsyncGenerator.of(Upstreams.failing(probe, 1, error)).distinct();
    assertSame(error, assertThrows(IllegalStateException.class, distinct::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheConsumerClosesTheUpstream() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.of(probe.counting(5))
                    .distinct()
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).distinct(), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void pullsNoMoreThanTheDownstreamAsked() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).distinct(), 2);
    subscriber.awaitItems(2);
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 2");
  }
}
