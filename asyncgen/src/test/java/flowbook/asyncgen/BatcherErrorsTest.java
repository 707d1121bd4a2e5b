package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A missing key fails only its own load; a failed call fails all of its loads, unwrapped. */
@Timeout(10)
class BatcherErrorsTest {
  @Test
  void aMissingKeyFailsOnlyItsOwnLoadWithAnErrorNamingIt() throws Exception {
    Backend backend = new Backend(0, Set.of(2));
    Batcher<Integer, String> batcher = backend.batcher();
    List<String> outcomes =
        AsyncGenerator.range(1, 3)
            .mapAsync(3, key -> batcher.load(key).exceptionally(e -> e.getMessage()))
            .toList();
    assertEquals("v1", outcomes.get(0));
    assertEquals(
        "no value for key 2 (Integer): the map the batch function returned (2 entries) has no"
            + " entry for it; map every key that exists, to null if need be",
        outcomes.get(1));
    assertEquals("v3", outcomes.get(2));
    assertEquals(1, backend.calls.size());
  }

  @Test
  void getThrowsNoSuchElementExceptionForAMissingKey() {
    Batcher<Integer, String> batcher = new Backend(0, Set.of(9)).batcher();
    assertThrows(NoSuchElementException.class, () -> batcher.get(9));
  }

  @Test
  void aKeyMappedToNullGivesNull() {
    Batcher<Integer, String> batcher =
        Batcher.of(
            keys -> {
              Map<Integer, String> values = new HashMap<>();
              values.put(1, null);
              return values;
            });
    assertNull(batcher.get(1));
  }

  @Test
  void anExceptionOfTheBatchFunctionFailsEveryLoadOfTheCallWithThatSameException() {
    IOException down = new IOException("backend down");
    Batcher<Integer, String> batcher =
        Batcher.<Integer, String>of(
                keys -> {
                  throw down;
                })
            .maxDelay(Duration.ofSeconds(1));
    // loaded in one body, whose end sends the three together
    List<CompletableFuture<String>> loads =
        Async.run(() -> List.of(batcher.load(0), batcher.load(1), batcher.load(2)));
    for (CompletableFuture<String> load : loads) {
      IOException thrown = assertThrows(IOException.class, () -> Async.await(load));
      assertSame(down, thrown);
    }
    assertEquals(1, batcher.stats().calls());
    assertEquals(1, batcher.stats().failedCalls());
  }

  @Test
  void getRethrowsTheOriginalCheckedExceptionInsideAGeneratorBody() {
    IOException down = new IOException("backend down");
    Batcher<Integer, String> batcher =
        Batcher.of(
            keys -> {
              throw down;
            });
    IOException thrown =
        assertThrows(
            IOException.class,
            () -> AsyncGenerator.<String>of(out -> out.yield(batcher.get(1))).toList());
    assertSame(down, thrown);
  }

  @Test
  void aFailedStageOfAnAsyncBatchFunctionFailsEveryLoadWithItsException() {
    IllegalStateException down = new IllegalStateException("down");
    Batcher<Integer, String> batcher =
        Batcher.ofAsync(keys -> CompletableFuture.failedFuture(down));
    CompletableFuture<String> first = batcher.load(1);
    CompletableFuture<String> second = batcher.load(2);
    assertSame(down, assertThrows(IllegalStateException.class, () -> Async.await(first)));
    assertSame(down, assertThrows(IllegalStateException.class, () -> Async.await(second)));
  }

  @Test
  void anAsyncBatchFunctionAnswersWithoutHoldingAThread() {
    CompletableFuture<Map<Integer, String>> answer = new CompletableFuture<>();
    Batcher<Integer, String> batcher = Batcher.ofAsync(keys -> answer);
    CompletableFuture<String> load = batcher.load(4);
    CompletableFuture.runAsync(() -> answer.complete(Map.of(4, "four")));
    assertEquals("four", Async.await(load));
  }

  @Test
  void aBatchFunctionReturningNullFailsTheCallSayingWhatToReturn() {
    Batcher<Integer, String> batcher = Batcher.of(keys -> null);
    NullPointerException error = assertThrows(NullPointerException.class, () -> batcher.get(1));
    assertEquals(
        "the batch function returned null for keys [1]; return a Map, empty if none of the keys"
            + " exists",
        error.getMessage());
  }

  @Test
  void anAsyncBatchFunctionReturningNullSaysSo() {
    Batcher<Integer, String> batcher = Batcher.ofAsync(keys -> null);
    NullPointerException error = assertThrows(NullPointerException.class, () -> batcher.get(1));
    assertTrue(error.getMessage().contains("returned null instead of a stage"));
  }
}
