package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimeoutTest {
  private static final Duration LONG = Duration.ofHours(1);

  @Test
  void emptySourceGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>empty().timeout(LONG).toList());
  }

  @Test
  void valuesInTimePassThrough() throws Exception {
    assertEquals(List.of(1, 2), AsyncGenerator.just(1, 2).timeout(LONG).toList());
  }

  @Test
  void aLateValueEndsWithTimeoutExceptionAndClosesTheUpstream() {
    Probe probe = new Probe();
    AsyncGenerator<Integer> stuck =
        AsyncGenerator.of(
            out -> {
              probe.bodyThread = Thread.currentThread();
              try {
                out.yield(0);
                probe.add("waiting");
                Async.await(new CompletableFuture<Void>());
              } finally {
                probe.add("finally");
              }
            });
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TimeoutException thrown =
        assertThrows(
            TimeoutException.class, () -> stuck.timeout(Duration.ofMillis(20)).forEach(seen::add));
    assertTrue(thrown.getMessage().contains("PT0.02S"), thrown.getMessage());
    assertEquals(List.of(0), seen);
    assertEquals(List.of("waiting", "finally"), probe.log);
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void timeTheDownstreamTakesDoesNotCount() throws Exception {
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.just(1, 2).timeout(Duration.ofMillis(20)), 1);
    subscriber.awaitItems(1);
    Thread.sleep(100); // well past the limit, with no demand
    subscriber.request(5);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:1", "next:2", "complete"), subscriber.events);
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> limited =
        AsyncGenerator.of(Upstreams.failing(probe, 1, error)).timeout(LONG);
    assertSame(error, assertThrows(IllegalStateException.class, limited::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheConsumerClosesTheUpstream() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.of(probe.counting(5))
                    .timeout(LONG)
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
    assertFalse(probe.bodyThread.isAlive());
  }

  @Test
  void cancelClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).timeout(LONG), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void pullsOneValueBeyondDemand() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).timeout(LONG), 2);
    subscriber.awaitItems(2);
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 2");
  }

  @Test
  void nonPositiveLimitIsRejectedAtOnce() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AsyncGenerator.just(1).timeout(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).timeout(null));
  }
}
