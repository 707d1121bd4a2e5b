package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SkipTest {
  @Test
  void dropsTheFirstNValues() throws Exception {
    assertEquals(List.of(2, 3), AsyncGenerator.of(new Probe().counting(4)).skip(2).toList());
    assertEquals(List.of(0, 1), AsyncGenerator.of(new Probe().counting(2)).skip(0).toList());
    assertEquals(List.of(), AsyncGenerator.of(new Probe().counting(2)).skip(5).toList());
  }

  @Test
  void negativeNIsRejectedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> AsyncGenerator.just(1).skip(-1));
  }
}
