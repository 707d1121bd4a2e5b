package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScanTest {
  @Test
  void emptySourceGivesOnlyTheIdentity() throws Exception {
    assertEquals(List.of(0), AsyncGenerator.<Integer>empty().scan(0, Integer::sum).toList());
  }

  @Test
  void emitsTheIdentityThenEachRunningAccumulation() throws Exception {
    assertEquals(
        List.of(0, 1, 3, 6),
        AsyncGenerator.of(new Probe().counting(4))
            .map(x -> x)
            .skip(1)
            .scan(0, Integer::sum)
            .toList());
  }

  @Test
  void upstreamErrorReachesTheConsumerUnchanged() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> scanned =
        AsyncGenerator.of(Upstreams.failing(probe, 1, error)).scan(0, Integer::sum);
    assertSame(error, assertThrows(IllegalStateException.class, scanned::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheAccumulatorClosesTheUpstreamAndReachesTheConsumer() {
    Probe probe = new Probe();
    ArithmeticException error = new ArithmeticException("overflow");
    AsyncGenerator<Integer> scanned =
        AsyncGenerator.of(probe.counting(5))
            .scan(
                0,
                (sum, x) -> {
                  if (x == 1) {
                    throw error;
                  }
                  return sum + x;
                });
    assertSame(error, assertThrows(ArithmeticException.class, scanned::toList));
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstream() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).scan(0, Integer::sum), 2);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
    assertEquals(List.of("subscribe", "next:0", "next:0"), subscriber.events);
  }

  @Test
  void theIdentityNeedsNoUpstreamValue() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).scan(0, Integer::sum), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("yield 0");
    Upstreams.settle();
    assertEquals(List.of("start", "yield 0"), probe.log);
    Upstreams.cancelAt(subscriber, probe, "yield 0");
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() {
    AsyncGenerator<Integer> source = AsyncGenerator.just(1);
    assertThrows(NullPointerException.class, () -> source.scan(null, (a, b) -> a));
    assertThrows(NullPointerException.class, () -> source.scan(0, null));
  }
}
