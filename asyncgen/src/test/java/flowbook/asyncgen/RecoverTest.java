package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RecoverTest {
  @Test
  void emptySourceGivesNothingAndNeverCallsTheFallback() throws Exception {
    assertEquals(
        List.of(),
        AsyncGenerator.<Integer>empty()
            .recover(
                e -> {
                  throw new AssertionError("not called");
                })
            .toList());
  }

  @Test
  void withoutErrorPassesTheValuesThrough() throws Exception {
    assertEquals(
        List.of(0, 1),
        AsyncGenerator.of(new Probe().counting(2)).recover(e -> AsyncGenerator.just(-1)).toList());
  }

  @Test
  void afterAnUpstreamErrorContinuesWithTheFallback() throws Exception {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("Something went wrong!");
    List<String> caught = new CopyOnWriteArrayList<>();
    List<Integer> values =
        AsyncGenerator.of(Upstreams.failing(probe, 3, error))
            .recover(
                e -> {
                  caught.add("Caught an exception: " + e.getMessage());
                  return AsyncGenerator.just(-1);
                })
            .toList();
    assertEquals(List.of(0, 1, 2, -1), values);
    assertEquals(List.of("Caught an exception: Something went wrong!"), caught);
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheFallbackFunctionCarriesTheOriginal() {
    Exception error = new IllegalStateException("boom");
    IllegalArgumentException fallbackError = new IllegalArgumentException("no fallback");
    AsyncGenerator<Integer> recovered =
        AsyncGenerator.of(Upstreams.failing(new Probe(), 0, error))
            .recover(
                e -> {
                  throw fallbackError;
                });
    assertSame(fallbackError, assertThrows(IllegalArgumentException.class, recovered::toList));
    assertEquals(List.of(error), List.of(fallbackError.getSuppressed()));
  }

  @Test
  void errorOfTheFallbackGeneratorEndsTheResult() {
    Exception second = new IllegalStateException("second");
    AsyncGenerator<Integer> recovered =
        AsyncGenerator.of(Upstreams.failing(new Probe(), 0, new IllegalStateException("first")))
            .recover(e -> AsyncGenerator.failed(second));
    assertSame(second, assertThrows(IllegalStateException.class, recovered::toList));
  }

  @Test
  void errorsAreNotRecovered() {
    AssertionError error = new AssertionError("an Error, not an Exception");
    AsyncGenerator<Integer> recovered =
        AsyncGenerator.<Integer>of(
                out -> {
                  throw error;
                })
            .recover(e -> AsyncGenerator.just(-1));
    assertSame(error, assertThrows(AssertionError.class, recovered::toList));
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstreamAndIsNotRecovered() throws Exception {
    Probe probe = new Probe();
    List<String> fallbacks = new CopyOnWriteArrayList<>();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(
            AsyncGenerator.of(probe.counting(9))
                .recover(
                    e -> {
                      fallbacks.add("called");
                      return AsyncGenerator.just(-1);
                    }),
            1);
    Upstreams.cancelAt(subscriber, probe, "yield 1");
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
    assertEquals(List.of(), fallbacks);
  }

  @Test
  void nullFallbackIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).recover(null));
  }
}
