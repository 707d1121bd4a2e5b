package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MapTest {
  @Test
  void nullFunctionIsRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.just(1).map(null));
  }
}
