package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flowbook.kernel.CellRecord;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code %%html} and {@code %%markdown}. */
class DisplayMagicsTest extends MagicKernelTest {
  @Test
  void htmlAndMarkdownCellsAreShownWithTheirMimeType() {
    CellRecord html = ok("%%html\n<b>bold</b> &amp; plain");
    List<RecordingOutput.Event> shown = html.output().events("display_data");
    assertEquals(1, shown.size());
    assertEquals("<b>bold</b> &amp; plain\n", shown.get(0).data().getData(MIMEType.TEXT_HTML));

    CellRecord markdown = ok("%%MARKDOWN\n# Title\n\n*emphasis*");
    List<RecordingOutput.Event> rendered = markdown.output().events("display_data");
    assertEquals("# Title\n\n*emphasis*\n", rendered.get(0).data().getData(MIMEType.TEXT_MARKDOWN));
  }
}
