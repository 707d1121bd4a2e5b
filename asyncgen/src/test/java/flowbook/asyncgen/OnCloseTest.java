package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OnCloseTest {
  @Test
  void emptySourceRunsTheActionOnce() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    assertEquals(
        List.of(), AsyncGenerator.<Integer>empty().onClose(() -> log.add("closed")).toList());
    assertEquals(List.of("closed"), log);
  }

  @Test
  void runsAfterCompletionAfterTheUpstreamsFinally() throws Exception {
    Probe probe = new Probe();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(probe.counting(2)).onClose(() -> probe.add("onClose"));
    assertEquals(List.of(0, 1), generator.toList());
    assertEquals(List.of("start", "yield 0", "yield 1", "end", "finally", "onClose"), probe.log);
  }

  @Test
  void runsAfterAnUpstreamErrorWhichReachesTheConsumer() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(Upstreams.failing(probe, 1, error)).onClose(() -> probe.add("onClose"));
    assertSame(error, assertThrows(IllegalStateException.class, generator::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally", "onClose"), probe.log);
  }

  @Test
  void exceptionFromTheActionDuringAnErrorIsSuppressedIntoIt() {
    Exception error = new IllegalStateException("boom");
    IllegalArgumentException actionError = new IllegalArgumentException("close failed");
    AsyncGenerator<Integer> generator =
        AsyncGenerator.of(Upstreams.failing(new Probe(), 0, error))
            .onClose(
                () -> {
                  throw actionError;
                });
    assertSame(error, assertThrows(IllegalStateException.class, generator::toList));
    assertEquals(List.of(actionError), List.of(error.getSuppressed()));
  }

  @Test
  void exceptionFromTheActionAfterCompletionEndsTheRun() {
    IllegalArgumentException actionError = new IllegalArgumentException("close failed");
    AsyncGenerator<Integer> generator =
        AsyncGenerator.just(1)
            .onClose(
                () -> {
                  throw actionError;
                });
    assertSame(actionError, assertThrows(IllegalArgumentException.class, generator::toList));
  }

  @Test
  void runsWhenTheConsumerStopsEarly() throws Exception {
    Probe probe = new Probe();
    assertEquals(
        0, AsyncGenerator.of(probe.counting(5)).onClose(() -> probe.add("onClose")).first());
    assertEquals(List.of("start", "yield 0", "finally", "onClose"), probe.log);
  }

  @Test
  void runsOnCancelAfterTheUpstreamsFinally() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(probe.counting(9)).onClose(() -> probe.add("onClose")), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    probe.awaitEvent("onClose");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally", "onClose"), probe.log);
  }

  @Test
  void neverRunsWhenNothingAskedForAValue() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.just(1).onClose(() -> log.add("closed")), 0);
    subscriber.cancel(); // before any request: the run ends without ever starting a thread
    assertEquals(List.of(), log);
  }

  @Test
  void nullActionIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).onClose(null));
  }
}
