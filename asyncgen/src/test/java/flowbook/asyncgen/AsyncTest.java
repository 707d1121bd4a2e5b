package flowbook.asyncgen;

import static flowbook.asyncgen.Async.await;
import static flowbook.asyncgen.Async.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AsyncTest {
  @Test
  void sleepCompletesLaterWithoutBlockingTheCaller() {
    var pending = sleep(Duration.ofMillis(50));
    assertFalse(pending.isDone());
    assertEquals(null, await(pending));
    assertTrue(pending.isDone());
  }

  @Test
  void theBasicExampleYieldsInOrderWithAwaitBetween() throws Exception {
    AsyncGenerator<Integer> numbers =
        AsyncGenerator.of(
            out -> {
              for (int i = 0; i < 3; i++) {
                await(sleep(Duration.ofMillis(10)));
                out.yield(i);
              }
            });
    List<String> printed = new java.util.ArrayList<>();
    numbers.forEach(v -> printed.add("Received: " + v));
    assertEquals(List.of("Received: 0", "Received: 1", "Received: 2"), printed);
  }

  @Test
  void runReturnsTheResultAndRethrowsTheOriginalException() {
    assertEquals(42, Async.run(() -> 42));
    IOException failure = new IOException("no");
    assertSame(
        failure,
        assertThrows(
            IOException.class,
            () ->
                Async.run(
                    () -> {
                      throw failure;
                    })));
  }

  @Test
  void manyGeneratorsAwaitConcurrentlyOnVirtualThreads() throws Exception {
    List<java.util.concurrent.CompletableFuture<List<Integer>>> running =
        java.util.stream.IntStream.range(0, 1000)
            .mapToObj(
                i ->
                    AsyncGenerator.<Integer>of(
                            out -> {
                              await(sleep(Duration.ofMillis(100)));
                              out.yield(i);
                            })
                        .toListAsync())
            .toList();
    int sum = 0;
    for (var future : running) {
      sum += future.get().get(0);
    }
    assertEquals(999 * 1000 / 2, sum);
  }
}
