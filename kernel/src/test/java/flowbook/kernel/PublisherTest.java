package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import flowbook.kernel.output.RecordingOutput.Event;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.time.Duration;
import java.util.ArrayList;
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
    assertEquals(
        "java.lang.UnsupportedOperationException", cell.outcome().failure().orElseThrow().name());
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
    CellError error = cell.outcome().failure().orElseThrow();
    assertEquals("java.lang.IllegalStateException", error.name());
    assertEquals("Something went wrong!", error.value());
    assertEquals("0\n", cell.output().stdout());
    assertTrue(
        error.traceback().stream().anyMatch(l -> l.contains("Cell In[")),
        error.traceback()::toString);
  }

  @Test
  @Timeout(300)
  void aLongStreamShowsOneBoundedViewThatEndsWithTheCount() {
    // when
    long started = System.nanoTime();
    CellRecord cell = kernel.eval("AsyncGenerator.range(0, 10_000_000)");
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    // then: the first items as lines, then one display redrawn in place
    assertTrue(cell.outcome().ok());
    String expectedLines =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> i + "\n")
            .collect(java.util.stream.Collectors.joining());
    assertEquals(expectedLines, cell.output().stdout());
    assertEquals(1, cell.output().events("display_data").size());
    List<Event> updates = cell.output().events("update_display_data");
    assertTrue(
        updates.size() <= elapsedMillis / 100 + 2,
        () -> updates.size() + " redraws in " + elapsedMillis + " ms: more than ten a second");
    int messages = cell.output().events().size();
    assertTrue(messages < 1000, () -> messages + " messages for one stream");
    String last = viewText(cell);
    assertTrue(last.contains("done: 10,000,000 items in "), last);
    assertTrue(last.contains("9999999"), last);
    String html = lastView(cell).getData(MIMEType.TEXT_HTML).toString();
    assertTrue(html.contains("done: 10,000,000 items"), html);
  }

  @Test
  void aLongStreamThatFailsShowsTheErrorInTheViewAndFailsTheCell() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            AsyncGenerator.of(out -> {
                for (int i = 0; i < 60; i++) out.yield(i);
                throw new IllegalStateException("sensor <3> lost");
            })
            """);

    // then
    assertEquals("java.lang.IllegalStateException", cell.outcome().failure().orElseThrow().name());
    String text = viewText(cell);
    assertTrue(text.contains("failed after 60 items (") && text.contains("sensor <3> lost"), text);
    String html = lastView(cell).getData(MIMEType.TEXT_HTML).toString();
    assertTrue(html.contains("sensor &lt;3&gt; lost"), html);
  }

  @Test
  void aLongStreamInterruptedShowsHowManyItemsItGot() throws Exception {
    // given
    RecordingOutput output = new RecordingOutput();
    var outcome =
        runInBackground(
            """
            AsyncGenerator.of(out -> {
                for (int i = 0; ; i++) {
                    out.yield(i);
                    if (i >= 60) await(sleep(Duration.ofMillis(5)));
                }
            })
            """,
            output);
    assertTrue(
        output.await(o -> !o.events("display_data").isEmpty(), Duration.ofSeconds(20)),
        output::stdout);

    // when
    kernel.interrupt();

    // then
    CellOutcome ended = outcome.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("Interrupted", ended.failure().orElseThrow().name(), ended::toString);
    List<Event> views = new ArrayList<>(output.events("display_data"));
    views.addAll(output.events("update_display_data"));
    String text = views.getLast().data().getData(MIMEType.TEXT_PLAIN).toString();
    assertTrue(text.contains("cancelled after "), text);
  }

  private static DisplayData lastView(CellRecord cell) {
    List<Event> updates = cell.output().events("update_display_data");
    return updates.isEmpty()
        ? cell.output().events("display_data").getLast().data()
        : updates.getLast().data();
  }

  private static String viewText(CellRecord cell) {
    return lastView(cell).getData(MIMEType.TEXT_PLAIN).toString();
  }
}
