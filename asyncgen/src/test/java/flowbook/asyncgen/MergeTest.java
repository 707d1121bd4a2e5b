package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MergeTest {
  @Test
  void noSourcesOrEmptySourcesGiveNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.<Integer>merge().toList());
    assertEquals(
        List.of(), AsyncGenerator.merge(AsyncGenerator.empty(), AsyncGenerator.empty()).toList());
  }

  @Test
  void emitsEveryValueKeepingEachSourcesOrder() throws Exception {
    List<Integer> values =
        AsyncGenerator.merge(AsyncGenerator.range(0, 50), AsyncGenerator.range(100, 50)).toList();
    assertEquals(100, values.size());
    assertEquals(
        AsyncGenerator.range(0, 50).toList(), values.stream().filter(v -> v < 100).toList());
    assertEquals(
        AsyncGenerator.range(100, 50).toList(), values.stream().filter(v -> v >= 100).toList());
  }

  @Test
  void emitsValuesAsTheyArrive() throws Exception {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AsyncGenerator<String> late =
        AsyncGenerator.of(
            out -> {
              Async.await(gate);
              out.yield("late");
            });
    AsyncGenerator<String> early =
        AsyncGenerator.of(
            out -> {
              out.yield("early");
              gate.complete(null); // only after "early" was emitted
            });
    assertEquals(List.of("early", "late"), AsyncGenerator.merge(late, early).toList());
  }

  @Test
  void errorOfOneSourceClosesTheOthersBeforeItIsSignalled() throws Exception {
    Probe healthy = new Probe();
    Probe failing = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.merge(
                AsyncGenerator.of(healthy.counting(1000)),
                AsyncGenerator.of(Upstreams.failing(failing, 0, error))),
            Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals("finally", healthy.log.get(healthy.log.size() - 1));
    assertFalse(healthy.bodyThread.isAlive(), "the healthy source's thread ended before onError");
    assertFalse(failing.bodyThread.isAlive());
  }

  @Test
  void exceptionFromTheConsumerClosesEverySource() {
    Probe first = new Probe();
    Probe second = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.merge(
                        AsyncGenerator.of(first.counting(9)), AsyncGenerator.of(second.counting(9)))
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals("finally", first.log.get(first.log.size() - 1));
    assertEquals("finally", second.log.get(second.log.size() - 1));
    assertFalse(first.bodyThread.isAlive());
    assertFalse(second.bodyThread.isAlive());
  }

  @Test
  void cancelClosesEverySource() throws Exception {
    Probe first = new Probe();
    Probe second = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.merge(
                AsyncGenerator.of(first.counting(9)), AsyncGenerator.of(second.counting(9))),
            1);
    subscriber.awaitItems(1);
    second.awaitEvent("yield 0");
    first.awaitEvent("yield 0");
    subscriber.cancel();
    first.awaitEvent("finally");
    second.awaitEvent("finally");
    first.awaitBodyThreadGone();
    second.awaitBodyThreadGone();
  }

  @Test
  void holdsAtMostOneValuePerSourceBeyondDemand() throws Exception {
    Probe first = new Probe();
    Probe second = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.merge(
                AsyncGenerator.of(first.counting(9)), AsyncGenerator.of(second.counting(9))),
            1);
    subscriber.awaitItems(1);
    while (yields(first) + yields(second) < 3) { // 1 requested + 1 per source
      Thread.onSpinWait();
    }
    subscriber.cancel(); // a value pulled too early would stand before the finally blocks
    first.awaitEvent("finally");
    second.awaitEvent("finally");
    assertEquals(3, yields(first) + yields(second), "logs " + first.log + " " + second.log);
    first.awaitBodyThreadGone();
    second.awaitBodyThreadGone();
  }

  private static long yields(Probe probe) {
    return probe.log.stream().filter(e -> e.startsWith("yield")).count();
  }

  @Test
  void interruptingTheConsumingThreadClosesEverySourceBeforeItReturns() throws Exception {
    Probe waiting = new Probe();
    AsyncGenerator<Integer> stuck = AsyncGenerator.of(Upstreams.stuckAfter(waiting, 0, "waiting"));
    List<String> outcome = new CopyOnWriteArrayList<>();
    Thread consumer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    AsyncGenerator.merge(stuck, AsyncGenerator.<Integer>empty()).forEach(x -> {});
                  } catch (java.util.concurrent.CancellationException expected) {
                    outcome.add("cancelled, source " + waiting.log);
                  } catch (Exception unexpected) {
                    outcome.add("unexpected " + unexpected);
                  }
                });
    waiting.awaitEvent("waiting");
    consumer.interrupt();
    consumer.join();
    assertEquals(List.of("cancelled, source [waiting, finally]"), outcome);
    assertFalse(waiting.bodyThread.isAlive());
  }

  @Test
  void nullSourceIsRejectedAtOnce() {
    assertThrows(
        NullPointerException.class, () -> AsyncGenerator.merge(AsyncGenerator.just(1), null));
  }
}
