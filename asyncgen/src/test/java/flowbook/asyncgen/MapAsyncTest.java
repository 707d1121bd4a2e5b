package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MapAsyncTest {
  @Test
  void runsUpToConcurrencyStagesAtOnceAndEmitsInSourceOrder() throws Exception {
    List<CompletableFuture<Integer>> started = new CopyOnWriteArrayList<>();
    CompletableFuture<List<Integer>> result =
        AsyncGenerator.range(0, 3)
            .mapAsync(
                3,
                x -> {
                  CompletableFuture<Integer> stage = new CompletableFuture<>();
                  started.add(stage);
                  return stage.thenApply(v -> x * 10);
                })
            .toListAsync();
    while (started.size() < 3) { // all three run at once, or this never ends
      Thread.sleep(1);
    }
    for (int i = 2; i >= 0; i--) {
      started.get(i).complete(0); // completed in reverse order
    }
    assertEquals(List.of(0, 10, 20), result.get());
  }

  @Test
  void neverHasMoreThanConcurrencyStagesOrValuesPulledInFlight() throws Exception {
    Probe probe = new Probe();
    List<CompletableFuture<Integer>> started = new CopyOnWriteArrayList<>();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(probe.counting(9))
                .mapAsync(
                    2,
                    x -> {
                      CompletableFuture<Integer> stage = new CompletableFuture<>();
                      started.add(stage);
                      return stage;
                    }),
            Long.MAX_VALUE);
    probe.awaitEvent("yield 1");
    subscriber.cancel(); // a value pulled too early would stand before the finally
    probe.awaitEvent("finally");
    probe.awaitBodyThreadGone();
    assertEquals(2, started.size());
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
    assertTrue(
        started.stream().allMatch(CompletableFuture::isCancelled), "in-flight stages cancelled");
  }

  @Test
  void upstreamErrorReachesTheConsumerAfterEarlierResults() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(Upstreams.failing(probe, 1, error))
                .mapAsync(2, CompletableFuture::completedFuture),
            Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        List.of("subscribe", "next:0", "error:IllegalStateException: boom"), subscriber.events);
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void failedStageEndsTheResultWithItsOwnExceptionAndClosesTheUpstream() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("stage failed");
    AsyncGenerator<Integer> mapped =
        AsyncGenerator.of(probe.counting(9))
            .mapAsync(
                1,
                x ->
                    x == 1
                        ? CompletableFuture.failedFuture(error)
                        : CompletableFuture.completedFuture(x));
    assertSame(error, assertThrows(IllegalArgumentException.class, mapped::toList));
    assertEquals("finally", probe.log.get(probe.log.size() - 1));
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void concurrencyBelowOneIsRejectedAtOnce() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AsyncGenerator.just(1).mapAsync(0, CompletableFuture::completedFuture));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).mapAsync(1, null));
  }
}
