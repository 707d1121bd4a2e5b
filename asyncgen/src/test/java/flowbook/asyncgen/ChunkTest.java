package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChunkTest {
  @Test
  void emptySourceGivesNoChunk() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().chunk(2).toList());
  }

  @Test
  void groupsValuesWithAShorterLastChunk() throws Exception {
    assertEquals(
        List.of(List.of(0, 1), List.of(2, 3), List.of(4)),
        AsyncGenerator.of(new Probe().counting(5)).chunk(2).toList());
    assertEquals(
        List.of(List.of(0, 1)), AsyncGenerator.of(new Probe().counting(2)).chunk(2).toList());
  }

  @Test
  void upstreamErrorDropsThePartialChunk() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(Upstreams.failing(probe, 3, error)).chunk(2), 9);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        List.of("subscribe", "next:[0, 1]", "error:IllegalStateException: boom"),
        subscriber.events);
    probe.awaitBodyThreadGone();
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
                    .chunk(2)
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).chunk(2), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 3");
    assertEquals(
        List.of("start", "yield 0", "yield 1", "yield 2", "yield 3", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:[0, 1]"), subscriber.events);
  }

  @Test
  void pullsOnlyTheValuesOfTheRequestedChunks() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).chunk(2), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("yield 3");
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "yield 3"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 3");
  }

  @Test
  void sizeBelowOneIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).chunk(0));
  }
}
