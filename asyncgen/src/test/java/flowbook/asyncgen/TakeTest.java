package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TakeTest {
  @Test
  void emitsTheFirstNAndClosesTheUpstreamAtTheNthYield() throws Exception {
    Probe probe = new Probe();
    assertEquals(List.of(0, 1), AsyncGenerator.of(probe.counting(5)).take(2).toList());
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void takeZeroNeverStartsTheUpstream() throws Exception {
    Probe probe = new Probe();
    assertEquals(List.of(), AsyncGenerator.of(probe.counting(5)).take(0).toList());
    assertEquals(List.of(), probe.log);
  }

  @Test
  void shorterSourceCompletesNormally() throws Exception {
    assertEquals(List.of(0, 1), AsyncGenerator.of(new Probe().counting(2)).take(5).toList());
  }

  @Test
  void completesWithoutAskingForTheValueAfterTheNth() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).take(2), Long.MAX_VALUE);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:0", "next:1", "complete"), subscriber.events);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
    probe.awaitBodyThreadGone();
  }

  @Test
  void negativeNIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).take(-1));
  }
}
