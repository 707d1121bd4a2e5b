package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a batch goes out: once every participant is parked, with no dispatch call. The batchers here
 * wait a minute before their time bound, so a test that passes within its timeout was flushed by
 * the participants parking.
 */
@Timeout(10)
class BatcherDispatchTest {
  private final Backend backend = new Backend();
  private final Batcher<Integer, String> batcher =
      Batcher.<Integer, String>of(backend::answer).maxDelay(Duration.ofMinutes(1));

  @Test
  void hundredLookupsInGeneratorBodiesBecomeOneCall() throws Exception {
    List<AsyncGenerator<String>> bodies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int key = i;
      bodies.add(AsyncGenerator.of(out -> out.yield(batcher.get(key))));
    }
    List<String> values = merge(bodies).toList();
    assertEquals(100, values.size());
    assertEquals(1, backend.calls.size());
    assertEquals(100, backend.calls.get(0).size());
  }

  @Test
  void mapAsyncLoadsBecomeOneCallAndKeepTheirOrder() throws Exception {
    List<String> values = AsyncGenerator.range(0, 50).mapAsync(50, batcher::load).toList();
    assertEquals(50, values.size());
    assertEquals("v0", values.get(0));
    assertEquals("v49", values.get(49));
    assertEquals(1, backend.calls.size());
  }

  @Test
  void twoDependentLevelsMakeTwoCalls() throws Exception {
    Backend second = new Backend();
    Batcher<Integer, String> friends =
        Batcher.<Integer, String>of(second::answer).maxDelay(Duration.ofMinutes(1));
    List<AsyncGenerator<String>> bodies = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int key = i;
      bodies.add(
          AsyncGenerator.of(
              out -> {
                String user = batcher.get(key);
                out.yield(friends.get(Integer.parseInt(user.substring(1)) + 1000));
              }));
    }
    assertEquals(30, merge(bodies).toList().size());
    assertEquals(1, backend.calls.size());
    assertEquals(1, second.calls.size());
    assertEquals(30, second.calls.get(0).size());
  }

  /*
   * Stress, bounded by wall time like ConcurrencyStressTest: random numbers of bodies over two or
   * three dependent levels, each level must go out as one call. It found the flush at zero sending
   * the next level's first key alone while the flush was still running (Participation's epochs).
   */
  @Test
  @Timeout(60)
  void dependentLevelsNeverSplitOverManyRandomRuns() throws Exception {
    long seed = Long.getLong("stress.seed", System.nanoTime());
    Random random = new Random(seed);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    int runs = 0;
    do {
      int bodies = 1 + random.nextInt(40);
      int levels = 2 + random.nextInt(2);
      List<Backend> backends = new ArrayList<>();
      List<Batcher<Integer, String>> batchers = new ArrayList<>();
      for (int level = 0; level < levels; level++) {
        Backend backend = new Backend();
        backends.add(backend);
        batchers.add(Batcher.<Integer, String>of(backend::answer).maxDelay(Duration.ofMinutes(1)));
      }
      List<AsyncGenerator<String>> generators = new ArrayList<>();
      for (int i = 0; i < bodies; i++) {
        int key = i;
        generators.add(
            AsyncGenerator.of(
                out -> {
                  String value = "v" + key;
                  for (Batcher<Integer, String> level : batchers) {
                    value = level.get(Integer.parseInt(value.substring(1)) + 1000);
                  }
                  out.yield(value);
                }));
      }
      String run = "run " + runs + " (seed " + seed + ", " + bodies + " bodies)";
      assertEquals(bodies, merge(generators).toList().size(), run);
      for (Backend backend : backends) {
        assertEquals(1, backend.calls.size(), run + ": calls " + backend.calls);
      }
      runs++;
    } while (System.nanoTime() < deadline);
  }

  @Test
  void loadsInsideAsyncRunGoOutWhenItAwaits() {
    String joined =
        Async.run(
            () -> {
              List<CompletableFuture<String>> futures = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                futures.add(batcher.load(i));
              }
              StringBuilder all = new StringBuilder();
              for (CompletableFuture<String> future : futures) {
                all.append(Async.await(future));
              }
              return all.toString();
            });
    assertEquals("v0v1v2v3v4v5v6v7v8v9", joined);
    assertEquals(1, backend.calls.size());
  }

  @Test
  void aThreadOutsideAnyGeneratorFlushesWhenItParks() throws Exception {
    // A thread of an earlier test ending between the two loads would be an idle moment of its own
    // and send the first key alone: start when nothing runs.
    awaitNothingRunning();
    CompletableFuture<String> first = batcher.load(1);
    CompletableFuture<String> second = batcher.load(2);
    assertEquals("v1", Async.await(first));
    assertEquals("v2", Async.await(second));
    assertEquals(List.of(List.of(1, 2)), backend.calls);
  }

  @Test
  void maxDelayBoundsALoadWhileAParticipantIsBlockedWhereTheLibraryCannotSee() throws Exception {
    Batcher<Integer, String> quick =
        Batcher.<Integer, String>of(backend::answer).maxDelay(Duration.ofMillis(5));
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    CompletableFuture<Void> busy =
        AsyncGenerator.of(
                out -> {
                  blocking.countDown();
                  stuck.await(); // a JDK wait: the library counts this body as running
                  out.yield(1);
                })
            .forEachAsync(v -> {});
    blocking.await();
    try {
      // a body that parks in get while the other runs: only maxDelay can send its key
      assertEquals(
          List.of("v7"),
          AsyncGenerator.of(out -> out.yield(quick.get(7))).toListAsync().get(5, TimeUnit.SECONDS));
    } finally {
      stuck.countDown();
      busy.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyPendingBatcherFlushesAtOnceEachOnItsOwnThread() throws Exception {
    CyclicBarrier bothCalling = new CyclicBarrier(2); // ends only if the calls overlap
    Batcher<Integer, String> users =
        Batcher.<Integer, String>of(
                keys -> {
                  bothCalling.await(5, TimeUnit.SECONDS);
                  return Map.of(1, "user");
                })
            .maxDelay(Duration.ofMinutes(1));
    Batcher<Integer, String> orders =
        Batcher.<Integer, String>of(
                keys -> {
                  bothCalling.await(5, TimeUnit.SECONDS);
                  return Map.of(2, "order");
                })
            .maxDelay(Duration.ofMinutes(1));
    List<String> values =
        AsyncGenerator.<String>merge(
                AsyncGenerator.of(out -> out.yield(users.get(1))),
                AsyncGenerator.of(out -> out.yield(orders.get(2))))
            .toList();
    assertEquals(List.of("order", "user"), values.stream().sorted().toList());
    assertEquals(1, users.stats().calls());
    assertEquals(1, orders.stats().calls());
  }

  @Test
  void theRunningCountReturnsToZeroOnceEverythingEnded() throws Exception {
    AsyncGenerator.range(0, 20).mapAsync(5, batcher::load).toList();
    AsyncGenerator.of(out -> out.yield(batcher.get(99))).buffer(4).toList();
    try (var values = AsyncGenerator.<String>of(out -> out.yield(batcher.get(98))).iterate()) {
      for (String ignored : values) {}
    }
    awaitNothingRunning(); // what the other tests' threads leave is theirs: they end too
    assertEquals(0, Participation.running());
  }

  /** Waits up to 5 s for every participant in the JVM to park or end. */
  private static void awaitNothingRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Participation.running() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> AsyncGenerator<T> merge(List<AsyncGenerator<T>> generators) {
    return AsyncGenerator.merge(generators.toArray(new AsyncGenerator[0]));
  }
}
