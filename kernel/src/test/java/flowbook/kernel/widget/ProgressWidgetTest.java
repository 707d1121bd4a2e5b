package flowbook.kernel.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import flowbook.asyncgen.AsyncGenerator;
import flowbook.kernel.display.Display;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** progress(stream, bar): a progress widget counts a stream's items and shows how it ended. */
@Timeout(30)
class ProgressWidgetTest {
  @Test
  void countsEveryItemAndEndsInSuccess() throws Exception {
    IntProgress bar = new IntProgress().max(5);

    List<Integer> items = Display.progress(AsyncGenerator.range(0, 5), bar).toList();

    assertEquals(List.of(0, 1, 2, 3, 4), items);
    assertEquals(5, bar.value());
    assertEquals("success", bar.get("bar_style"));
  }

  @Test
  void aFailedStreamKeepsItsCountAndEndsInDanger() {
    IntProgress bar = new IntProgress();
    IllegalStateException broken = new IllegalStateException("backend down");
    AsyncGenerator<Integer> failing =
        AsyncGenerator.of(
            out -> {
              out.yield(1);
              out.yield(2);
              throw broken;
            });

    Exception thrown = assertThrows(Exception.class, () -> Display.progress(failing, bar).toList());

    assertSame(broken, thrown);
    assertEquals(2, bar.value());
    assertEquals("danger", bar.get("bar_style"));
  }

  @Test
  void aConsumerThatStopsEarlyEndsItInWarning() throws Exception {
    IntProgress bar = new IntProgress().max(1_000);

    List<Integer> first = Display.progress(AsyncGenerator.range(0, 1_000), bar).take(3).toList();

    assertEquals(List.of(0, 1, 2), first);
    assertEquals(3, bar.value());
    assertEquals("warning", bar.get("bar_style"));
  }

  @Test
  void eachConsumerStartsTheBarAgain() throws Exception {
    IntProgress bar = new IntProgress();
    AsyncGenerator<Integer> counted = Display.progress(AsyncGenerator.range(0, 4), bar);
    counted.toList();

    counted.take(1).toList();

    assertEquals(1, bar.value());
  }
}
