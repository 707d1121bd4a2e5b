package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput.Event;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PublisherTest extends KernelTestSupport {
  @Test
  void eachItemIsALineAndTheCellEndsWithTheStream() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            AsyncGenerator.of(out -> {
                for (int i = 0; i < 3; i++) {
                    await(sleep(Duration.ofMillis(20)));
                    out.yield("Received: " + i);
                }
            })
            """);

    // then
    assertTrue(cell.outcome().ok());
    assertEquals("Received: 0\nReceived: 1\nReceived: 2\n", cell.output().stdout());
    assertTrue(cell.output().events("execute_result").isEmpty());
  }

  @Test
  void anyFlowPublisherIsConsumed() {
    CellRecord cell = kernel.eval("AsyncGenerator.from(List.of(1, 2)).map(x -> x * 10)");
    assertEquals("10\n20\n", cell.output().stdout());
  }

  @Test
  void richItemsShowAsDisplays() {
    CellRecord cell = kernel.eval("AsyncGenerator.just(html(\"<b>a</b>\"), \"plain\")");
    List<String> kinds = cell.output().events().stream().map(Event::kind).toList();
    assertEquals(List.of("display_data", "stream"), kinds);
  }

  @Test
  void anItemWhoseToStringFailsEndsTheStreamWithThatError() {
    // given
    kernel.eval(
        "record Broken(int n) { public String toString() { throw new"
            + " UnsupportedOperationException(\"no text\"); } }");

    // when
    CellRecord cell = kernel.eval("AsyncGenerator.just(new Broken(1), new Broken(2))");

    // then
    assertEquals("java.lang.UnsupportedOperationException", cell.outcome().error().name());
    assertTrue(kernel.eval("1 + 1").outcome().ok());
  }

  @Test
  void anErrorInTheStreamIsTheCellsError() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            AsyncGenerator.of(out -> {
                out.yield(0);
                throw new IllegalStateException("Something went wrong!");
            })
            """);

    // then
    CellError error = cell.outcome().error();
    assertEquals("java.lang.IllegalStateException", error.name());
    assertEquals("Something went wrong!", error.value());
    assertEquals("0\n", cell.output().stdout());
    assertTrue(
        error.traceback().stream().anyMatch(l -> l.contains("Cell In[")),
        error.traceback()::toString);
  }
}
