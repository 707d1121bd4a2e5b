package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChunkTest {
  @Test
  void groupsValuesWithAShorterLastChunk() throws Exception {
    assertEquals(
        List.of(List.of(0, 1), List.of(2, 3), List.of(4)),
        AsyncGenerator.of(new Probe().counting(5)).chunk(2).toList());
    assertEquals(
        List.of(List.of(0, 1)), AsyncGenerator.of(new Probe().counting(2)).chunk(2).toList());
  }

  @Test
  void upstreamErrorDropsThePartialChunk() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    TestSubscriber<List<Integer>> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(Upstreams.failing(probe, 3, error)).chunk(2), 9);
    subscriber.awaitTerminal();
    assertSame(error, subscriber.error);
    assertEquals(
        List.of("subscribe", "next:[0, 1]", "error:IllegalStateException: boom"),
        subscriber.events);
    probe.awaitBodyThreadGone();
  }

  @Test
  void sizeBelowOneIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).chunk(0));
  }
}
