package flowbook.asyncgen;

import static flowbook.asyncgen.Async.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Interrupting a thread that consumes a generator closes the generator and frees the thread. */
@Timeout(10)
class InterruptTest {
  private final List<String> log = new CopyOnWriteArrayList<>();

  private AsyncGenerator<Integer> yieldsOnceThenWaitsForever() throws Exception {
    return AsyncGenerator.of(
        out -> {
          try {
            out.yield(1);
            log.add("awaiting");
            await(new CompletableFuture<Void>());
          } finally {
            log.add("finally");
          }
        });
  }

  /** Code that consumes a generator and may throw what the generator threw. */
  private interface Consumption {
    void run() throws Exception;
  }

  /** Runs {@code consumer} on a thread, interrupts it once the body awaits, returns its outcome. */
  private Throwable interruptWhileBlocked(Consumption consumer) throws Exception {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread thread =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    consumer.run();
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
    while (!log.contains("awaiting")) {
      Thread.sleep(1);
    }
    thread.interrupt();
    thread.join();
    assertTrue(stillInterrupted.get(), "the interrupt status is kept for the caller to see");
    return outcome.get();
  }

  @Test
  void interruptingForEachClosesTheGeneratorAndReturnsControl() throws Exception {
    Throwable outcome = interruptWhileBlocked(() -> yieldsOnceThenWaitsForever().forEach(v -> {}));
    assertInstanceOf(CancellationException.class, outcome);
    assertEquals(List.of("awaiting", "finally"), log);
  }

  @Test
  void interruptingToListClosesTheGenerator() throws Exception {
    Throwable outcome = interruptWhileBlocked(() -> yieldsOnceThenWaitsForever().toList());
    assertInstanceOf(CancellationException.class, outcome);
    assertEquals(List.of("awaiting", "finally"), log);
  }

  @Test
  void interruptingIterateClosesTheGenerator() throws Exception {
    Throwable outcome =
        interruptWhileBlocked(
            () -> {
              try (var values = yieldsOnceThenWaitsForever().iterate()) {
                for (int ignored : values) {}
              }
            });
    assertInstanceOf(CancellationException.class, outcome);
    assertEquals(List.of("awaiting", "finally"), log);
  }

  @Test
  void interruptingANestedInlineChainClosesEveryBody() throws Exception {
    AsyncGenerator<Integer> inner = yieldsOnceThenWaitsForever();
    AsyncGenerator<Integer> outer =
        AsyncGenerator.of(
            out -> {
              try {
                inner.forEach(out::yield);
              } finally {
                log.add("outer finally");
              }
            });
    Throwable outcome = interruptWhileBlocked(() -> outer.forEach(v -> {}));
    assertInstanceOf(CancellationException.class, outcome);
    assertEquals(List.of("awaiting", "finally", "outer finally"), log);
  }

  @Test
  void cancellingForEachAsyncClosesTheGenerator() throws Exception {
    CompletableFuture<Void> running = yieldsOnceThenWaitsForever().forEachAsync(v -> {});
    while (!log.contains("awaiting")) {
      Thread.sleep(1);
    }
    running.cancel(true);
    while (!log.contains("finally")) {
      Thread.sleep(1);
    }
    assertTrue(running.isCancelled());
  }

  @Test
  void cancellationScopeCancelsEveryGeneratorStartedInIt() throws Exception {
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(5);
    CompletableFuture<Void> background;
    try (CancellationScope scope = CancellationScope.open()) {
      yieldsOnceThenWaitsForever().subscribe(subscriber);
      background = yieldsOnceThenWaitsForever().forEachAsync(v -> {});
      while (log.stream().filter("awaiting"::equals).count() < 2) {
        Thread.sleep(1);
      }
      assertEquals(2, scope.runningCount());
      assertEquals(0, scope.cancelAll(java.time.Duration.ofSeconds(5)));
    }
    assertEquals(2, log.stream().filter("finally"::equals).count());
    assertTrue(background.isCompletedExceptionally());
  }
}
