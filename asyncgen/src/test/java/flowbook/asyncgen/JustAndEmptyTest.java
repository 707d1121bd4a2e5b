package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JustAndEmptyTest {
  @Test
  void emptyCompletesWithoutValues() throws Exception {
    TestSubscriber<Integer> subscriber = Upstreams.subscribe(AsyncGenerator.empty(), 1);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "complete"), subscriber.events);
  }

  @Test
  void justYieldsItsValuesInOrderWithExactDemand() throws Exception {
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    TestSubscriber<String> cancelled =
        Upstreams.subscribe(AsyncGenerator.just("a", "b", "c").onClose(ended::countDown), 2);
    cancelled.awaitItems(2);
    cancelled.cancel(); // a value delivered too early would stand in the events by now
    assertTrue(ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "the run ended");
    assertEquals(List.of("subscribe", "next:a", "next:b"), cancelled.events);
    TestSubscriber<String> subscriber = Upstreams.subscribe(AsyncGenerator.just("a", "b", "c"), 2);
    subscriber.awaitItems(2);
    subscriber.request(1);
    subscriber.awaitTerminal();
    assertEquals(List.of("subscribe", "next:a", "next:b", "next:c", "complete"), subscriber.events);
  }

  @Test
  void justCopiesItsArgumentsAtOnce() throws Exception {
    Integer[] values = {1, 2};
    AsyncGenerator<Integer> generator = AsyncGenerator.just(values);
    values[0] = 9;
    assertEquals(List.of(1, 2), generator.toList());
  }

  @Test
  void nullValueIsRejectedAtOnce() {
    NullPointerException thrown =
        assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1, null));
    assertTrue(thrown.getMessage().contains("value 1"), thrown.getMessage());
  }
}
