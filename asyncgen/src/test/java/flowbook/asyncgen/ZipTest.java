package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ZipTest {
  @Test
  void emptySourceGivesNothingAndClosesTheOther() throws Exception {
    Probe other = new Probe();
    assertEquals(
        List.of(),
        AsyncGenerator.<Integer>empty()
            .zip(AsyncGenerator.of(other.counting(5)), Integer::sum)
            .toList());
    assertFalse(other.log.contains("end"));
  }

  @Test
  void combinesPairsUntilTheShorterEndsThenClosesTheLonger() throws Exception {
    Probe shorter = new Probe();
    Probe longer = new Probe();
    List<String> pairs =
        AsyncGenerator.of(shorter.counting(2))
            .zip(
                AsyncGenerator.of(longer.counting(5)).map(x -> (char) ('a' + x)),
                (n, c) -> n + "" + c)
            .toList();
    assertEquals(List.of("0a", "1b"), pairs);
    assertEquals("finally", longer.log.get(longer.log.size() - 1));
    assertFalse(longer.log.contains("end"));
    assertFalse(longer.bodyThread.isAlive(), "closed before the result completed");
  }

  @Test
  void errorOfEitherClosesTheOtherAndReachesTheConsumer() {
    Probe healthy = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> zipped =
        AsyncGenerator.of(Upstreams.failing(new Probe(), 1, error))
            .zip(AsyncGenerator.of(healthy.counting(9)), Integer::sum);
    assertSame(error, assertThrows(IllegalStateException.class, zipped::toList));
    assertEquals("finally", healthy.log.get(healthy.log.size() - 1));
    assertFalse(healthy.bodyThread.isAlive());
  }

  @Test
  void exceptionFromTheCombinerClosesBoth() {
    Probe first = new Probe();
    Probe second = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("bad pair");
    AsyncGenerator<Integer> zipped =
        AsyncGenerator.of(first.counting(9))
            .zip(
                AsyncGenerator.of(second.counting(9)),
                (a, b) -> {
                  throw error;
                });
    assertSame(error, assertThrows(IllegalArgumentException.class, zipped::toList));
    assertEquals(List.of("start", "yield 0", "finally"), first.log);
    assertEquals(List.of("start", "yield 0", "finally"), second.log);
  }

  @Test
  void cancelClosesBoth() throws Exception {
    Probe first = new Probe();
    Probe second = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(first.counting(9))
                .zip(AsyncGenerator.of(second.counting(9)), Integer::sum),
            1);
    subscriber.awaitItems(1);
    first.awaitEvent("yield 1");
    second.awaitEvent("yield 1");
    subscriber.cancel();
    first.awaitEvent("finally");
    second.awaitEvent("finally");
    first.awaitBodyThreadGone();
    second.awaitBodyThreadGone();
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), first.log);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), second.log);
  }

  @Test
  void asksEachSideForOneValueBeyondDemand() throws Exception {
    Probe first = new Probe();
    Probe second = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(first.counting(9))
                .zip(AsyncGenerator.of(second.counting(9)), Integer::sum),
            1);
    subscriber.awaitItems(1);
    first.awaitEvent("yield 1");
    second.awaitEvent("yield 1");
    subscriber.cancel(); // a value pulled too early would stand before the finally
    first.awaitEvent("finally");
    second.awaitEvent("finally");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), first.log);
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), second.log);
    first.awaitBodyThreadGone();
    second.awaitBodyThreadGone();
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() {
    AsyncGenerator<Integer> source = AsyncGenerator.just(1);
    assertThrows(NullPointerException.class, () -> source.zip(null, (a, b) -> a));
    assertThrows(NullPointerException.class, () -> source.zip(source, null));
  }
}
