package flowbook.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.asyncgen.Batcher;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How values the library makes show as a cell's value. */
class RendererTest {
  private static Map<Integer, String> twice(Set<Integer> keys) {
    Map<Integer, String> values = new HashMap<>();
    keys.forEach(key -> values.put(key, "v" + key));
    return values;
  }

  @Test
  void aBatcherShowsItsCountersAsTextAndAsATable() throws Exception {
    Batcher<Integer, String> users = Batcher.of(RendererTest::twice);
    users.load(1).get();
    users.load(1).get();

    DisplayData shown = Renderer.render(users);

    assertEquals(users.toString(), shown.getData(MIMEType.TEXT_PLAIN));
    String html = String.valueOf(shown.getData(MIMEType.TEXT_HTML));
    assertTrue(html.contains("<table"), html);
    assertEquals(users.toHtml(), html);
  }

  @Test
  void batcherStatsShowAsATable() throws Exception {
    Batcher<Integer, String> users = Batcher.of(RendererTest::twice);
    users.load(7).get();

    DisplayData shown = Renderer.render(users.stats());

    assertEquals(users.stats().toHtml(), shown.getData(MIMEType.TEXT_HTML));
    assertEquals(users.stats().toString(), shown.getData(MIMEType.TEXT_PLAIN));
  }
}
