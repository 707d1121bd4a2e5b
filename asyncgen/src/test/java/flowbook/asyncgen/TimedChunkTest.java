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
    Thread.sleep(50); // time passes: several windows with nothing in them
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
  void theUpstreamIsNotReadWhileTheDownstreamHasNotTakenAChunk() throws Exception {
    Probe probe = new Probe();
    CompletableFuture<Void> secondBatch = new CompletableFuture<>();
    CompletableFuture<Void> thirdBatch = new CompletableFuture<>();
    AsyncGenerator<Integer> batches =
        AsyncGenerator.of(
            out -> {
              probe.bodyThread = Thread.currentThread();
              try {
                for (int i = 0; i < 9; i++) {
                  if (i == 2) {
                    Async.await(secondBatch); // a window closes meanwhile: chunk [0, 1]
                  } else if (i == 4) {
                    Async.await(thirdBatch); // a window closes: chunk [2, 3], not taken
                  }
                  probe.add("yield " + i);
                  out.yield(i);
                }
              } finally {
                probe.add("finally");
              }
            });
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(batches.chunk(Duration.ofMillis(5)), 1);
    subscriber.awaitItems(1);
    secondBatch.complete(null);
    probe.awaitEvent("yield 3");
    Thread.sleep(50); // time passes: the window with [2, 3] closes, its chunk waits for demand
    thirdBatch.complete(null);
    probe.awaitEvent("yield 4"); // the one value read ahead, held while [2, 3] waits for demand
    subscriber.cancel(); // a value read beyond that would stand before the finally
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
    assertEquals(
        List.of("yield 0", "yield 1", "yield 2", "yield 3", "yield 4", "finally"), probe.log);
    assertEquals(List.of(List.of(0, 1)), subscriber.items);
  }

  @Test
  void nonPositiveWindowIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).chunk(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).chunk((Duration) null));
  }
}
