package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** maxBatchSize splits a batch into concurrent calls of at most that many keys. */
@Timeout(10)
class BatcherSizeTest {
  @Test
  void aLargeBatchIsSplitIntoConcurrentCallsOfAtMostMaxBatchSizeKeys() throws Exception {
    CyclicBarrier allThreeCalling = new CyclicBarrier(3); // passes only if the calls overlap
    List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> batcher =
        Batcher.<Integer, Integer>of(
                keys -> {
                  sizes.add(keys.size());
                  allThreeCalling.await(5, TimeUnit.SECONDS);
                  Map<Integer, Integer> values = new HashMap<>();
                  keys.forEach(key -> values.put(key, key * 2));
                  return values;
                })
            .maxBatchSize(10)
            .maxDelay(Duration.ofMinutes(1));
    List<Integer> values = AsyncGenerator.range(0, 25).mapAsync(25, batcher::load).toList();
    assertEquals(48, values.get(24));
    assertEquals(List.of(5, 10, 10), sizes.stream().sorted().toList());
    assertEquals(3, batcher.stats().calls());
    assertEquals(25, batcher.stats().keys());
  }

  @Test
  void keysKeepTheOrderTheyWereFirstLoadedIn() throws Exception {
    Backend backend = new Backend();
    Batcher<Integer, String> batcher = backend.batcher().maxBatchSize(2);
    AsyncGenerator.from(List.of(5, 3, 5, 1, 4)).mapAsync(5, batcher::load).toList();
    assertEquals(
        List.of(List.of(1, 4), List.of(5, 3)),
        backend.calls.stream().sorted((a, b) -> a.get(0) - b.get(0)).toList());
  }
}
