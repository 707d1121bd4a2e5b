package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TakeWhileTest {
  @Test
  void stopsAtTheFirstFailingValueAndClosesTheUpstream() throws Exception {
    Probe probe = new Probe();
    assertEquals(
        List.of(0, 1), AsyncGenerator.of(probe.counting(5)).takeWhile(x -> x < 2).toList());
    assertEquals(List.of("start", "yield 0", "yield 1", "yield 2", "finally"), probe.log);
  }

  @Test
  void nullPredicateIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).takeWhile(null));
  }
}
