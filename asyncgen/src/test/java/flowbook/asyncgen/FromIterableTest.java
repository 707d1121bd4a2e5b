package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FromIterableTest {
  @Test
  void emptyIterableGivesNothing() throws Exception {
    assertEquals(List.of(), AsyncGenerator.from(List.of()).toList());
  }

  @Test
  void yieldsTheValuesInOrderAndIteratesAfreshForEachRun() throws Exception {
    List<String> source = new java.util.ArrayList<>(List.of("a", "b"));
    AsyncGenerator<String> generator = AsyncGenerator.from(source);
    assertEquals(List.of("a", "b"), generator.toList());
    source.add("c");
    assertEquals(List.of("a", "b", "c"), generator.toList());
  }

  @Test
  void exceptionFromTheIteratorReachesTheConsumer() {
    IllegalStateException error = new IllegalStateException("broken iterator");
    Iterable<Integer> broken =
        () ->
            new java.util.Iterator<>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                throw error;
              }
            };
    assertSame(
        error, assertThrows(IllegalStateException.class, AsyncGenerator.from(broken)::toList));
  }

  @Test
  void pullsOneValuePerDemandAndCancelStopsIt() throws Exception {
    List<String> pulled = new CopyOnWriteArrayList<>();
    Iterable<Integer> counting =
        () ->
            new java.util.Iterator<>() {
              int next;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                pulled.add("next " + next);
                return next++;
              }
            };
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.from(counting).onClose(ended::countDown), 2);
    subscriber.awaitItems(2);
    subscriber.cancel(); // a value pulled too early would stand in the log by the end
    assertTrue(ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "the run ended");
    assertEquals(List.of("next 0", "next 1", "next 2"), pulled);
  }

  @Test
  void nullIterableIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.from((Iterable<Integer>) null));
  }
}
