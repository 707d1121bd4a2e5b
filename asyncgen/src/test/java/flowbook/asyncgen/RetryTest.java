package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RetryTest {
  @Test
  void runsTheUpstreamAfreshAfterAnErrorUntilItSucceeds() throws Exception {
    int[] attempts = {0};
    AsyncGenerator<Integer> flaky =
        AsyncGenerator.of(
            out -> {
              attempts[0]++;
              out.yield(attempts[0] * 10);
              if (attempts[0] < 3) {
                throw new IllegalStateException("attempt " + attempts[0]);
              }
            });
    assertEquals(List.of(10, 20, 30), flaky.retry(2).toList());
    assertEquals(3, attempts[0]);
  }

  @Test
  void whenEveryAttemptFailsTheLastErrorEndsTheResultWithTheOthersSuppressed() {
    int[] attempts = {0};
    AsyncGenerator<Integer> failing =
        AsyncGenerator.of(
            out -> {
              attempts[0]++;
              throw new IllegalStateException("attempt " + attempts[0]);
            });
    IllegalStateException last =
        assertThrows(IllegalStateException.class, failing.retry(2)::toList);
    assertEquals("attempt 3", last.getMessage());
    assertEquals("attempt 2", last.getSuppressed()[0].getMessage());
    assertEquals(3, attempts[0]);
  }

  @Test
  void retryZeroSignalsTheFirstError() {
    Probe probe = new Probe();
    Exception error = new IllegalStateException("boom");
    AsyncGenerator<Integer> once = AsyncGenerator.of(Upstreams.failing(probe, 1, error)).retry(0);
    assertSame(error, assertThrows(IllegalStateException.class, once::toList));
    assertEquals(List.of("start", "yield 0", "throw", "finally"), probe.log);
  }

  @Test
  void exceptionFromTheConsumerIsNotRetried() {
    Probe probe = new Probe();
    IllegalArgumentException error = new IllegalArgumentException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsyncGenerator.of(probe.counting(5))
                    .retry(3)
                    .forEach(
                        x -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    assertEquals(List.of("start", "yield 0", "finally"), probe.log);
  }

  @Test
  void cancelRunsTheFinallyOfTheUpstreamAndIsNotRetried() throws Exception {
    Probe probe = new Probe();
    TestSubscriber<Integer> subscriber =
        Upstreams.subscribe(AsyncGenerator.of(probe.counting(9)).retry(3), 1);
    Upstreams.cancelAt(subscriber, probe, "yield 1"); // its thread ended: no attempt can follow
    assertEquals(List.of("start", "yield 0", "yield 1", "finally"), probe.log);
  }

  @Test
  void negativeTimesIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).retry(-1));
  }
}
