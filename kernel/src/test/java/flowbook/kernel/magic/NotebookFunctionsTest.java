package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IJava's and JJava's notebook functions and kernel handle, called as their notebooks call them.
 */
class NotebookFunctionsTest extends MagicKernelTest {
  @Test
  void displayRenderAndUpdateDisplayTakeMimeTypes() {
    CellRecord cell =
        ok(
            """
            String id = display("<b>bold</b>", "text/html");
            updateDisplay(id, "<i>italic</i>", "text/html");
            render("# Title", "text/markdown")
            """);
    List<RecordingOutput.Event> displays = cell.output().events("display_data");
    assertEquals("<b>bold</b>", displays.get(0).data().getData(MIMEType.TEXT_HTML));
    List<RecordingOutput.Event> updates = cell.output().events("update_display_data");
    assertEquals("<i>italic</i>", updates.get(0).data().getData(MIMEType.TEXT_HTML));
    assertEquals(displays.get(0).data().getDisplayId(), updates.get(0).data().getDisplayId());
    RecordingOutput.Event result = cell.output().events("execute_result").get(0);
    assertEquals("# Title", result.data().getData(MIMEType.TEXT_MARKDOWN));

    CellError error = failing("display(42, \"image/png\")");
    assertTrue(
        error.value().contains("cannot show a java.lang.Integer as image/png"), error.value());
    assertTrue(error.value().contains("renders as text/plain"), error.value());
  }

  @Test
  void printfAndEvalWorkAsInIJava() {
    assertEquals("1-a\n", ok("printf(\"%d-%s%n\", 1, \"a\");").output().stdout());
    ok("eval(\"int evaluated = 6 * 7;\");");
    assertEquals("42", result(ok("Object value = eval(\"evaluated * 1\");\nvalue")));
    assertEquals("3", result(ok("kernel().evalRaw(\"1 + 2\")")));
    CellError error = failing("eval(\"int broken = \\\"x\\\";\")");
    assertTrue(error.value().contains("does not compile"), error.value());
  }

  @Test
  void aRendererRegisteredThroughIJavasHandleRendersItsType() {
    ok(
        """
        import io.github.spencerpark.ijava.IJava;
        import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
        record Money(int cents) {}
        IJava.getKernelInstance().getRenderer()
            .createRegistration(Money.class)
            .preferring(MIMEType.TEXT_HTML)
            .register((money, context) -> context.renderIfRequested(
                MIMEType.TEXT_HTML, () -> "<b>" + money.cents() / 100.0 + " EUR</b>"));
        """);
    RecordingOutput.Event result = ok("new Money(250)").output().events("execute_result").get(0);
    assertEquals("<b>2.5 EUR</b>", result.data().getData(MIMEType.TEXT_HTML));
  }

  @Test
  void magicsRegisteredThroughTheHandleRunAsMagics() {
    ok(
        """
        import io.github.spencerpark.ijava.IJava;
        IJava.getKernelInstance().getMagics()
            .registerLineMagic("shout", args -> String.join(" ", args).toUpperCase());
        kernel().getMagics()
            .registerCellMagic("reverse", (args, body) -> new StringBuilder(body).reverse().toString());
        """);
    assertEquals("\"HI THERE\"", result(ok("String loud = %shout hi there;\nloud")));
    assertEquals(
        "\"cba\"", result(ok("String back = cellMagic(\"reverse\", List.of(), \"abc\");\nback")));
    // what Aerospike's tutorials do first; %sh stays Flowbook's own, streamed
    ok(
        """
        import io.github.spencerpark.jupyter.kernel.magic.common.Shell;
        IJava.getKernelInstance().getMagics().registerMagics(Shell.class);
        """);
    assertEquals("x\n", ok("%sh echo x").output().stdout());
  }
}
