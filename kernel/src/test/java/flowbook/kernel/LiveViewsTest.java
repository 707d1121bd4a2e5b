package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.RecordingOutput;
import flowbook.kernel.output.RecordingOutput.Event;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** progress(...) and chart(...): displays redrawn in place while a stream runs. */
@Timeout(60)
class LiveViewsTest extends KernelTestSupport {
  @Test
  void progressPassesEveryItemThroughAndEndsAtTheTotal() {
    // when
    CellRecord cell = kernel.eval("progress(AsyncGenerator.range(0, 1000), 1000).toList().size()");

    // then
    assertEquals("1000", result(cell).getData(MIMEType.TEXT_PLAIN));
    assertEquals(1, cell.output().events("display_data").size());
    String text = lastDrawn(cell.output(), MIMEType.TEXT_PLAIN);
    assertTrue(text.startsWith("100%|████████████████████████| 1,000/1,000 [done in "), text);
    String html = lastDrawn(cell.output(), MIMEType.TEXT_HTML);
    assertTrue(html.contains("<progress value=\"1000\" max=\"1000\""), html);
  }

  @Test
  void progressWithoutATotalCountsAndKeepsTheItemsInOrder() {
    CellRecord cell = kernel.eval("progress(AsyncGenerator.just(\"a\", \"b\", \"c\")).toList()");

    assertEquals("[a, b, c]", result(cell).getData(MIMEType.TEXT_PLAIN));
    String text = lastDrawn(cell.output(), MIMEType.TEXT_PLAIN);
    assertTrue(text.startsWith("3 items [done in "), text);
  }

  @Test
  void progressPassesAnErrorThroughAndTheBarSaysSo() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            progress(AsyncGenerator.of(out -> {
                out.yield(1);
                throw new IllegalStateException("disk full");
            }), 10).toList()
            """);

    // then
    assertEquals("java.lang.IllegalStateException", cell.outcome().failure().orElseThrow().name());
    String text = lastDrawn(cell.output(), MIMEType.TEXT_PLAIN);
    assertTrue(text.contains("1/10 [failed: IllegalStateException: disk full in "), text);
  }

  @Test
  void progressPassesCancelThroughAndTheBarSaysSo() {
    CellRecord cell =
        kernel.eval(
            """
            var closed = new java.util.concurrent.atomic.AtomicBoolean();
            progress(AsyncGenerator.range(0, 1_000_000).onClose(() -> closed.set(true)))
                .take(3).toList() + " closed=" + closed.get()
            """);

    assertEquals("\"[0, 1, 2] closed=true\"", result(cell).getData(MIMEType.TEXT_PLAIN));
    String text = lastDrawn(cell.output(), MIMEType.TEXT_PLAIN);
    assertTrue(text.startsWith("3 items [cancelled in "), text);
  }

  @Test
  void progressRejectsATotalThatIsNotPositive() {
    CellRecord cell = kernel.eval("progress(AsyncGenerator.range(0, 3), 0)");
    assertEquals(
        "java.lang.IllegalArgumentException", cell.outcome().failure().orElseThrow().name());
    assertTrue(cell.outcome().failure().orElseThrow().value().contains("omit it if unknown"));
  }

  @Test
  void aProgressBarMovesWhileTheStreamRunsAndAnInterruptCancelsIt() throws Exception {
    // given a stream that stalls after its first item
    RecordingOutput output = new RecordingOutput();
    CompletableFuture<CellOutcome> cell =
        runInBackground(
            """
            progress(AsyncGenerator.of(out -> {
                out.yield(1);
                await(sleep(Duration.ofMinutes(5)));
                out.yield(2);
            }), 2).forEach(x -> {});
            """,
            output);

    // then the bar shows the first item while the stream runs
    boolean halfway;
    try {
      halfway =
          output.await(
              o -> drawn(o).stream().anyMatch(d -> plain(d).startsWith(" 50%|")),
              Duration.ofSeconds(20));
    } finally {
      // when
      kernel.interrupt();
    }
    assertTrue(halfway, () -> drawn(output).stream().map(LiveViewsTest::plain).toList().toString());

    // then
    assertEquals("Interrupted", cell.get(20, TimeUnit.SECONDS).failure().orElseThrow().name());
    String text = lastDrawn(output, MIMEType.TEXT_PLAIN);
    assertTrue(text.contains("1/2 [cancelled in "), text);
  }

  @Test
  void chartDrawsTheNumbersAsAPngWithASummary() {
    // when
    CellRecord cell =
        kernel.eval("chart(\"squares\", AsyncGenerator.range(1, 20).map(i -> i * i / 2.0));");

    // then
    assertTrue(cell.outcome().ok(), () -> String.valueOf(cell.outcome().failure().orElseThrow()));
    assertEquals(1, cell.output().events("display_data").size());
    String text = lastDrawn(cell.output(), MIMEType.TEXT_PLAIN);
    assertEquals("chart \"squares\": 20 values, last 200.0, min 0.5000, max 200.0", text);
    assertTrue(lastDrawn(cell.output(), MIMEType.IMAGE_PNG).startsWith("iVBOR"));
  }

  @Test
  void aNonNumberEndsTheChartAndFailsTheCellNamingTheItem() {
    // when
    CellRecord cell =
        kernel.eval("chart(AsyncGenerator.just(1, 2.5, \"three\", 4).onClose(() -> {}));");

    // then the chart keeps what came before
    assertEquals(
        "java.lang.IllegalArgumentException", cell.outcome().failure().orElseThrow().name());
    String message = cell.outcome().failure().orElseThrow().value();
    assertTrue(message.contains("item 2 is three (java.lang.String), not a number"), message);
    assertEquals(
        "chart: 2 values, last 2.500, min 1.000, max 2.500",
        lastDrawn(cell.output(), MIMEType.TEXT_PLAIN));
  }

  @Test
  void anXChartValueRendersAsAnImage() {
    DisplayData data =
        result(
            kernel.eval(
                """
                org.knowm.xchart.QuickChart.getChart(
                    "waves", "x", "y", "sin", new double[] {0, 1, 2}, new double[] {0, 0.8, 0.9})
                """));
    assertTrue(((String) data.getData(MIMEType.IMAGE_PNG)).startsWith("iVBOR"));
    assertEquals("XYChart \"waves\" 600x400", data.getData(MIMEType.TEXT_PLAIN));
  }

  private static DisplayData result(CellRecord cell) {
    List<Event> results = cell.output().events("execute_result");
    assertEquals(1, results.size(), () -> cell.output().events().toString());
    return results.getFirst().data();
  }

  /** Every draw of the cell's displays, first to last. */
  private static List<DisplayData> drawn(RecordingOutput output) {
    return output.events().stream()
        .filter(e -> e.kind().endsWith("display_data"))
        .map(Event::data)
        .toList();
  }

  private static String lastDrawn(RecordingOutput output, MIMEType type) {
    List<DisplayData> draws = drawn(output);
    assertTrue(!draws.isEmpty(), "nothing was displayed");
    return String.valueOf(draws.getLast().getData(type));
  }

  private static String plain(DisplayData data) {
    return String.valueOf(data.getData(MIMEType.TEXT_PLAIN));
  }
}
