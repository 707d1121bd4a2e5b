package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FromStreamTest {
  @Test
  void emptyStreamGivesNothingAndIsClosed() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    assertEquals(
        List.of(),
        AsyncGenerator.from(
                java.util.stream.Stream.<Integer>empty().onClose(() -> log.add("closed")))
            .toList());
    assertEquals(List.of("closed"), log);
  }

  @Test
  void yieldsTheValuesLazilyAndClosesTheStreamAtTheEnd() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    AsyncGenerator<Integer> generator =
        AsyncGenerator.from(
            java.util.stream.Stream.iterate(0, x -> x + 1)
                .limit(3)
                .peek(x -> log.add("pulled " + x))
                .onClose(() -> log.add("closed")));
    assertEquals(List.of(), log);
    generator.forEach(x -> log.add("got " + x));
    assertEquals(
        List.of("pulled 0", "got 0", "pulled 1", "got 1", "pulled 2", "got 2", "closed"), log);
  }

  @Test
  void errorFromTheStreamReachesTheConsumerAndClosesIt() {
    List<String> log = new CopyOnWriteArrayList<>();
    IllegalStateException error = new IllegalStateException("boom");
    AsyncGenerator<Integer> generator =
        AsyncGenerator.from(
            java.util.stream.Stream.of(1, 2)
                .map(
                    x -> {
                      if (x == 2) {
                        throw error;
                      }
                      return x;
                    })
                .onClose(() -> log.add("closed")));
    assertSame(error, assertThrows(IllegalStateException.class, generator::toList));
    assertEquals(List.of("closed"), log);
  }

  @Test
  void cancelClosesTheStream() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.from(
                java.util.stream.Stream.iterate(0, x -> x + 1).onClose(() -> log.add("closed"))),
            1);
    subscriber.awaitItems(1);
    subscriber.cancel();
    while (!log.contains("closed")) {
      Thread.sleep(1);
    }
    assertEquals(List.of("subscribe", "next:0"), subscriber.events);
  }

  @Test
  void aSecondRunFailsBecauseAStreamRunsOnce() throws Exception {
    AsyncGenerator<Integer> generator = AsyncGenerator.from(java.util.stream.Stream.of(1));
    assertEquals(List.of(1), generator.toList());
    assertThrows(IllegalStateException.class, generator::toList);
  }

  @Test
  void nullStreamIsRejectedAtOnce() {
    assertThrows(
        NullPointerException.class,
        () -> AsyncGenerator.from((java.util.stream.Stream<Integer>) null));
  }
}
