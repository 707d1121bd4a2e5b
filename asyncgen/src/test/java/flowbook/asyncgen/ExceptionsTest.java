package flowbook.asyncgen;

import static flowbook.asyncgen.Async.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ExceptionsTest {
  private static final IOException FAILURE = new IOException("disk on fire");

  private static AsyncGenerator<Integer> failingAfterOne() {
    return AsyncGenerator.of(
        out -> {
          out.yield(1);
          throw FAILURE;
        });
  }

  @Test
  void anExceptionInTheBodyReachesTheSubscriberAsItself() throws Exception {
    TestSubscriber<Integer> subscriber = new TestSubscriber<>(10);
    failingAfterOne().subscribe(subscriber);
    subscriber.awaitTerminal();
    assertSame(FAILURE, subscriber.error);
    assertEquals(
        List.of("subscribe", "next:1", "error:IOException: disk on fire"), subscriber.events);
  }

  @Test
  void forEachRethrowsTheBodysCheckedExceptionUnchanged() {
    IOException thrown = assertThrows(IOException.class, () -> failingAfterOne().forEach(v -> {}));
    assertSame(FAILURE, thrown); // same type, message and stack
  }

  @Test
  void theIteratorRethrowsTheBodysExceptionUnchanged() {
    GeneratorIterator<Integer> iterator = failingAfterOne().iterator();
    assertEquals(1, iterator.next());
    assertSame(FAILURE, assertThrows(IOException.class, iterator::next));
    iterator.close();
  }

  @Test
  void anExceptionFromTheConsumerClosesTheBodyAndIsRethrown() {
    Probe probe = new Probe();
    IllegalStateException consumerFailure = new IllegalStateException("consumer gave up");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                AsyncGenerator.of(probe.counting(5))
                    .forEach(
                        v -> {
                          if (v == 1) {
                            throw consumerFailure;
                          }
                        }));
    assertSame(consumerFailure, thrown);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void theConsumersExceptionIsNotCatchableAsSuchInsideTheBody() {
    Probe probe = new Probe();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              try {
                out.yield(1);
              } catch (RuntimeException e) {
                probe.add("body caught the consumer's exception"); // must not happen
              }
            });
    assertThrows(
        ArithmeticException.class,
        () ->
            generator.forEach(
                v -> {
                  throw new ArithmeticException("consumer");
                }));
    assertEquals(List.of(), probe.log);
  }

  @Test
  void awaitRethrowsTheOriginalCauseNotACompletionException() {
    CompletableFuture<String> failed = CompletableFuture.failedFuture(FAILURE);
    assertSame(FAILURE, assertThrows(IOException.class, () -> await(failed)));
    CompletableFuture<String> failedLater =
        CompletableFuture.supplyAsync(
            () -> {
              throw new ArithmeticException("later");
            });
    ArithmeticException later = assertThrows(ArithmeticException.class, () -> await(failedLater));
    assertEquals("later", later.getMessage());
  }

  @Test
  void tryCatchInsideTheBodyHandlesAnAwaitedFailure() throws Exception {
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(
            out -> {
              try {
                await(CompletableFuture.failedFuture(new IllegalArgumentException("bad")));
              } catch (IllegalArgumentException e) {
                out.yield(-1);
              }
            });
    assertEquals(List.of(-1), generator.toList());
  }

  @Test
  void failedGeneratorSignalsOnErrorRightAfterOnSubscribe() throws Exception {
    TestSubscriber<Integer> subscriber = new TestSubscriber<>();
    AsyncGenerator.<Integer>failed(FAILURE).subscribe(subscriber);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "error:IOException: disk on fire"), subscriber.events);
    assertSame(
        FAILURE, assertThrows(IOException.class, () -> AsyncGenerator.failed(FAILURE).toList()));
  }
}
