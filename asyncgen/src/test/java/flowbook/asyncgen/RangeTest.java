package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RangeTest {
  @Test
  void countZeroGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.range(5, 0).toList());
  }

  @Test
  void yieldsCountValuesFromStart() throws Exception {
    assertEquals(List.of(5, 6, 7), AsyncGenerator.range(5, 3).toList());
    assertEquals(List.of(Integer.MAX_VALUE), AsyncGenerator.range(Integer.MAX_VALUE, 1).toList());
  }

  @Test
  void cancelStopsItAndLeavesNoThread() throws Exception {
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.range(0, 1_000_000).onClose(ended::countDown), 2);
    subscriber.awaitItems(2);
    subscriber.cancel();
    assertTrue(ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "the run ended");
    assertEquals(List.of("subscribe", "next:0", "next:1"), subscriber.events);
  }

  @Test
  void badArgumentsAreRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.range(0, -1));
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.range(Integer.MAX_VALUE, 2));
  }
}
