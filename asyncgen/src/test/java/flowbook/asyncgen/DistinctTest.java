package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DistinctTest {
  @Test
  void emitsEachValueTheFirstTimeItIsSeen() throws Exception {
    assertEquals(List.of(3, 1, 2), AsyncGenerator.just(3, 1, 3, 2, 1, 2).distinct().toList());
  }
}
