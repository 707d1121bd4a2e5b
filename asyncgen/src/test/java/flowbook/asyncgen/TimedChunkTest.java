package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimedChunkTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void emptySourceGivesNoChunk() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().chunk(Duration.ofMillis(10)).toList());
  }

  @Test
  void completionEmitsTheUnfinishedWindow() throws Exception {
    assertEquals(List.of(List.of(1, 2, 3)), AsyncGenerator.just(1, 2, 3).chunk(LONG).toList());
  }

  @Test
  void valuesOfAClosedWindowAreEmittedWithoutWaitingForMoreAndEmptyWindowsAreSkipped()
      throws Exception {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AsyncGenerator<Integer> source =
        AsyncGenerator.of(
            out -> {
              out.yield(0);
              out.yield(1);
              Async.await(gate); // several windows pass with nothing in them
              out.yield(2);
            });
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(source.chunk(Duration.ofMillis(10)), Long.MAX_VALUE);
    subscriber.awaitItems(1); // arrives while the source is still waiting
    Upstreams.settle();
    gate.complete(null);
    subscriber.awaitTerminal();
    List<List<Integer>> chunks = subscriber.items;
    assertEquals(List.of(0, 1, 2), chunks.stream().flatMap(List::stream).toList());
    assertEquals(List.of(2), chunks.get(chunks.size() - 1));
    assertTrue(chunks.stream().noneMatch(List::isEmpty), "no empty chunk: " + chunks);
  }

  @Test
  void upstreamErrorDropsTheUnfinishedWindow() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(Upstreams.failing(probe, 2, error)).chunk(LONG), 9);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(List.of("subscribe", "error:IllegalStateException: boom"), subscriber.events);
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void exceptionFromTheConsumerClosesTheUpstream() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.of(probe.counting(3))
                    .chunk(LONG)
                    .forEach(
                        chunk -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals("finally", probe.log.get(probe.log.size() - 1));
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void cancelClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(1_000_000)).chunk(LONG), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 5");
    assertEquals(List.of("subscribe"), subscriber.events);
  }

  @Test
  void theUpstreamIsNotReadWhileTheDownstreamHasNotTakenAChunk() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator<Integer> slowSource =
        AsyncGenerator.of(probe.counting(1_000_000))
            .map(
                x -> {
                  Async.await(Async.sleep(1));
                  return x;
                });
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(slowSource.chunk(Duration.ofMillis(5)), 1);
    subscriber.awaitItems(1);
    Upstreams.settle(); // the next chunk forms, then waits for demand
    int before = probe.log.size();
    Upstreams.settle();
    assertEquals(before, probe.log.size(), "the upstream kept running without demand");
    subscriber.cancel();
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
  }

  @Test
  void nonPositiveWindowIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).chunk(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).chunk((Duration) null));
  }
}
