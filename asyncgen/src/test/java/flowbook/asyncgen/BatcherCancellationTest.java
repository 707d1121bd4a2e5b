package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each caller's future is its own; a call nobody waits for any more is cancelled. */
@Timeout(10)
class BatcherCancellationTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final CountDownLatch calling = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Thread callThread;

  /** A batch function that waits for {@code release}, logging how its wait ended. */
  private Map<Integer, String> slow(java.util.Set<Integer> keys) throws InterruptedException {
    callThread = Thread.currentThread();
    log.add("call " + new java.util.TreeSet<>(keys)); // the bodies load in any order
    calling.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      log.add("interrupted");
      throw e;
    }
    return Map.of(1, "v1", 2, "v2");
  }

  private Batcher<Integer, String> batcher() {
    return Batcher.<Integer, String>of(this::slow).maxDelay(Duration.ofSeconds(1));
  }

  @Test
  void cancellingOneCallersLoadLeavesAnotherCallersLoadOfTheSameKey() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    CompletableFuture<String> mine = batcher.load(1);
    CompletableFuture<String> yours = batcher.load(1);
    calling.await();
    assertTrue(mine.cancel(true));
    release.countDown();
    assertEquals("v1", yours.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("call [1]"), log);
  }

  @Test
  void aCallWhoseCallersAllCancelledIsCancelledAndItsThreadEnds() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    // loaded in a body, whose end (nothing runs then) sends both keys in one call
    List<CompletableFuture<String>> loads =
        Async.run(() -> List.of(batcher.load(1), batcher.load(2)));
    CompletableFuture<String> first = loads.get(0);
    CompletableFuture<String> second = loads.get(1);
    calling.await();
    first.cancel(true);
    second.cancel(true);
    assertTrue(callThread.join(Duration.ofSeconds(5)));
    assertEquals(List.of("call [1, 2]", "interrupted"), log);
    assertEquals(1, batcher.stats().cancelledCalls());
  }

  @Test
  void theKeysOfACancelledCallAreNotCached() throws Exception {
    // Loaded in a body, whose end sends the key at once. (A load from the test's own thread could
    // go out at any moment: a thread of an earlier test ending anywhere in the JVM is an idle
    // moment too, so the load is made where the library decides when it goes.)
    Batcher<Integer, String> batcher = batcher();
    CompletableFuture<String> first = Async.run(() -> batcher.load(1));
    calling.await();
    Thread firstCall = callThread;
    assertTrue(first.cancel(true));
    assertTrue(firstCall.join(Duration.ofSeconds(5)));
    CompletableFuture<String> again = Async.run(() -> batcher.load(1));
    release.countDown();
    assertEquals("v1", again.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("call [1]", "interrupted", "call [1]"), log);
    assertEquals(1, batcher.stats().cancelledCalls());
  }

  @Test
  void aLoadWithdrawnBeforeItsBatchWentOutIsNotSent() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    CompletableFuture<String> kept =
        Async.run(
            () -> {
              CompletableFuture<String> withdrawn = batcher.load(2);
              CompletableFuture<String> mine = batcher.load(1);
              withdrawn.cancel(true);
              return mine;
            });
    release.countDown();
    assertEquals("v1", kept.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("call [1]"), log);
  }

  @Test
  void closingAGeneratorWaitingInGetCancelsItsLoadAndTheCall() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    CountDownLatch bodyEnded = new CountDownLatch(1); // cancel(true) does not wait for the body
    CompletableFuture<Void> running =
        AsyncGenerator.<String>of(
                out -> {
                  try {
                    out.yield(batcher.get(1));
                  } finally {
                    log.add("finally");
                    bodyEnded.countDown();
                  }
                })
            .forEachAsync(v -> {});
    calling.await();
    running.cancel(true);
    assertTrue(callThread.join(Duration.ofSeconds(5)));
    assertTrue(bodyEnded.await(5, TimeUnit.SECONDS));
    assertTrue(running.isCancelled());
    assertEquals(1, batcher.stats().cancelledCalls());
    assertTrue(log.containsAll(List.of("call [1]", "interrupted", "finally")));
  }

  @Test
  void aCancellationScopeCancelsTheLoadsItsGeneratorsWaitOnAndLeavesNoThread() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    TestSubscriber<String> subscriber = new TestSubscriber<>(1);
    try (CancellationScope scope = CancellationScope.open()) {
      AsyncGenerator.merge(
              AsyncGenerator.<String>of(out -> out.yield(batcher.get(1))),
              AsyncGenerator.<String>of(out -> out.yield(batcher.get(2))))
          .subscribe(subscriber);
      calling.await();
      assertEquals(0, scope.cancelAll(Duration.ofSeconds(5)));
    }
    assertTrue(callThread.join(Duration.ofSeconds(5)));
    assertEquals(List.of("call [1, 2]", "interrupted"), log);
    assertEquals(1, batcher.stats().cancelledCalls());
  }

  @Test
  void getOnAnInterruptedThreadWithdrawsItsLoad() throws Exception {
    Batcher<Integer, String> batcher = batcher();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    batcher.get(1);
                  } catch (Throwable t) {
                    outcome.complete(t);
                  }
                });
    calling.await();
    waiter.interrupt();
    assertInstanceOf(CancellationException.class, outcome.get(5, TimeUnit.SECONDS));
    assertTrue(callThread.join(Duration.ofSeconds(5)));
    waiter.join();
    assertEquals(1, batcher.stats().cancelledCalls());
  }

  @Test
  void anAsyncCallWhoseCallersAllCancelledHasItsStageCancelled() throws Exception {
    CompletableFuture<Map<Integer, String>> answer = new CompletableFuture<>();
    Batcher<Integer, String> batcher =
        Batcher.ofAsync(
            keys -> {
              calling.countDown();
              return answer;
            });
    CompletableFuture<String> load = batcher.load(1);
    calling.await();
    load.cancel(true);
    assertThrows(CancellationException.class, () -> answer.get(5, TimeUnit.SECONDS));
  }
}
