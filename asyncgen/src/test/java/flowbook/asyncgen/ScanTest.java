package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScanTest {
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
  void theIdentityNeedsNoUpstreamValue() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).scan(0, Integer::sum), 1);
    subscriber.awaitItems(1);
    probe.awaitEvent("yield 0");
    Upstreams.cancelAt(subscriber, probe, "yield 0");
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() {
    AsyncGenerator<Integer> source = AsyncGenerator.just(1);
    assertThrows(NullPointerException.class, () -> source.scan(null, (a, b) -> a));
    assertThrows(NullPointerException.class, () -> source.scan(0, null));
  }
}
