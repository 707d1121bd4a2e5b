package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dedup within a batch, the cache across batches, and what it forgets. */
@Timeout(10)
class BatcherCacheTest {
  private final Backend backend = new Backend();
  private final Batcher<Integer, String> batcher = backend.batcher();

  @Test
  void aKeyLoadedTwiceInOneBatchIsSentOnce() {
    // loaded in one body, whose end sends them: an idle moment elsewhere in the JVM (a thread of an
    // earlier test ending) cannot split a batch while a body runs
    List<CompletableFuture<String>> loads =
        Async.run(() -> List.of(batcher.load(1), batcher.load(1), batcher.load(2)));
    CompletableFuture<String> first = loads.get(0);
    CompletableFuture<String> again = loads.get(1);
    CompletableFuture<String> other = loads.get(2);
    assertEquals("v1", Async.await(first));
    assertEquals("v1", Async.await(again));
    assertEquals("v2", Async.await(other));
    assertEquals(List.of(List.of(1, 2)), backend.calls);
  }

  @Test
  void aCachedKeyIsNotAskedForAgain() {
    assertEquals("v1", batcher.get(1));
    assertEquals("v1", batcher.get(1));
    assertEquals(1, backend.calls.size());
    assertEquals(2, batcher.stats().loads());
    assertEquals(1, batcher.stats().cacheHits());
  }

  @Test
  void withTheCacheOffEveryBatchAsksAgainButStillSendsAKeyOnce() {
    Batcher<Integer, String> uncached = backend.batcher().cache(false);
    List<CompletableFuture<String>> loads =
        Async.run(() -> List.of(uncached.load(1), uncached.load(1))); // one batch, as above
    CompletableFuture<String> first = loads.get(0);
    CompletableFuture<String> again = loads.get(1);
    assertEquals("v1", Async.await(first));
    assertEquals("v1", Async.await(again));
    assertEquals("v1", uncached.get(1));
    assertEquals(List.of(List.of(1), List.of(1)), backend.calls);
  }

  @Test
  void clearForgetsOneKeyAndClearAllEvery() {
    batcher.get(1);
    batcher.get(2);
    batcher.clear(1);
    batcher.get(1);
    batcher.get(2);
    assertEquals(List.of(List.of(1), List.of(2), List.of(1)), backend.calls);
    batcher.clearAll();
    batcher.get(2);
    assertEquals(List.of(2), backend.calls.get(3));
  }

  @Test
  void primeAnswersWithoutACallAndDoesNotReplaceACachedValue() {
    batcher.prime(5, "primed");
    assertEquals("primed", batcher.get(5));
    batcher.get(6);
    batcher.prime(6, "late");
    assertEquals("v6", batcher.get(6));
    assertEquals(List.of(List.of(6)), backend.calls);
  }

  @Test
  void primeWithTheCacheOffSaysSo() {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> batcher.cache(false).prime(1, "x"));
    assertEquals(
        "prime(1, ...): this batcher's cache is off; use a batcher with cache(true)",
        error.getMessage());
  }

  @Test
  void aFailedLoadIsNotCachedSoTheNextLoadAsksAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Batcher<Integer, String> flaky =
        Batcher.of(
            keys -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("backend down");
              }
              return Map.of(1, "up");
            });
    assertThrows(IllegalStateException.class, () -> flaky.get(1));
    assertEquals("up", flaky.get(1));
    assertEquals(2, attempts.get());
  }

  @Test
  void aMissingKeyIsNotCachedEither() {
    Backend gaps = new Backend(0, java.util.Set.of(3));
    Batcher<Integer, String> batcher = gaps.batcher();
    assertThrows(NoSuchElementException.class, () -> batcher.get(3));
    assertThrows(NoSuchElementException.class, () -> batcher.get(3));
    assertEquals(2, gaps.calls.size());
  }
}
