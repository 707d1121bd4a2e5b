package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.RecordingOutput.Event;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayTest extends KernelTestSupport {
  @Test
  void plainValuesShowAsJShellPrintsThem() {
    assertEquals("2", result(kernel.eval("1 + 1")).getData(MIMEType.TEXT_PLAIN));
    assertEquals("\"text\"", result(kernel.eval("\"text\"")).getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void declarationsAndStatementsShowNoValue() {
    assertTrue(kernel.eval("int declared = 3;").output().events().isEmpty());
    assertTrue(kernel.eval("declared = 4").output().events().isEmpty());
    assertTrue(kernel.eval("System.out.print(\"\")").output().events().isEmpty());
  }

  @Test
  void aVoidValueShowsNoResult() {
    // await(done) on a CompletableFuture<Void> reads as a statement: no "null" echoed
    assertTrue(
        kernel
            .eval("await(java.util.concurrent.CompletableFuture.<Void>completedFuture(null))")
            .output()
            .events()
            .isEmpty());
  }

  @Test
  void htmlHasAPlainTextFormForTextFrontEnds() {
    DisplayData html = result(kernel.eval("html(\"<p>Tom &amp; Jerry</p><b>bold</b>\")"));
    assertEquals("Tom & Jerry\nbold", html.getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void htmlAndMarkdownValuesHaveTheirMimeTypes() {
    DisplayData html = result(kernel.eval("html(\"<b>bold</b>\")"));
    assertEquals("<b>bold</b>", html.getData(MIMEType.TEXT_HTML));
    DisplayData markdown = result(kernel.eval("markdown(\"# Title\")"));
    assertEquals("# Title", markdown.getData(MIMEType.TEXT_MARKDOWN));
  }

  @Test
  void imagesShowAsPng() {
    DisplayData image =
        result(
            kernel.eval(
                "new java.awt.image.BufferedImage(4, 3,"
                    + " java.awt.image.BufferedImage.TYPE_INT_RGB)"));
    assertTrue(((String) image.getData(MIMEType.IMAGE_PNG)).startsWith("iVBOR")); // PNG magic
    assertEquals("BufferedImage 4x3", image.getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void displayThenUpdateTargetsTheSameIdAndTheIdIsNotEchoed() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            System.out.println("first");
            String id = display(html("<i>v1</i>"));
            updateDisplay(id, "v2");
            display(markdown("*end*"))
            """);

    // then
    List<String> kinds = cell.output().events().stream().map(Event::kind).toList();
    assertEquals(List.of("stream", "display_data", "update_display_data", "display_data"), kinds);
    Event shown = cell.output().events().get(1);
    Event updated = cell.output().events().get(2);
    assertEquals("<i>v1</i>", shown.data().getData(MIMEType.TEXT_HTML));
    assertEquals("v2", updated.data().getData(MIMEType.TEXT_PLAIN));
    assertEquals(shown.data().getDisplayId(), updated.data().getDisplayId());
  }

  @Test
  void clearOutputHasBothForms() {
    List<Event> events = kernel.eval("clearOutput();\nclearOutput(true);").output().events();
    assertEquals(2, events.size());
    assertEquals(false, events.get(0).clearWait());
    assertEquals(true, events.get(1).clearWait());
  }

  @Test
  void escapeHtmlUsesHtmlEntities() {
    assertEquals(
        "\"&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;\"",
        result(kernel.eval("escapeHtml(\"<a href=\\\"x\\\">&</a>\")"))
            .getData(MIMEType.TEXT_PLAIN));
  }

  private static DisplayData result(CellRecord cell) {
    assertTrue(cell.outcome().ok(), () -> String.valueOf(cell.outcome().failure().orElseThrow()));
    List<Event> results = cell.output().events("execute_result");
    assertEquals(1, results.size(), cell.output().events()::toString);
    return results.get(0).data();
  }
}
