package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    TestSubscriber<Integer> subscriber = Upstreams.subscribe(AsyncGenerator.range(0, 1_000_000), 2);
    subscriber.awaitItems(2);
    subscriber.cancel();
    Upstreams.settle();
    assertEquals(List.of("subscribe", "next:0", "next:1"), subscriber.events);
  }

  @Test
  void badArgumentsAreRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.range(0, -1));
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.range(Integer.MAX_VALUE, 2));
  }
}
