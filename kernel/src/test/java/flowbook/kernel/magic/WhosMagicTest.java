package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.JShellKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WhosMagicTest {
  private JShellKernel kernel;

  @BeforeEach
  void startKernel() {
    kernel = new JShellKernel();
  }

  @AfterEach
  void closeKernel() {
    kernel.close();
  }

  @Test
  void listsEachVariableWithItsTypeAndValue() {
    // given
    kernel.eval("int count = 3;");
    kernel.eval("var words = List.of(\"a<b\", \"c\");");
    kernel.eval("1 + 1"); // $1: JShell's, not the user's
    kernel.eval("int count = 4;"); // redeclared: listed once, with its new value

    // when
    DisplayData table = whos("%whos");

    // then
    assertEquals(
        """
        Variable   Type           Value
        -------------------------------
        words      List<String>   [a<b, c]
        count      int            4""",
        table.getData(MIMEType.TEXT_PLAIN));
    String html = table.getData(MIMEType.TEXT_HTML).toString();
    assertTrue(html.contains("<td><code>List&lt;String&gt;</code></td>"), html);
    assertTrue(html.contains("<td><code>[a&lt;b, c]</code></td>"), html);
  }

  @Test
  void typeNamesFilterTheTableAndLongValuesAreCut() {
    kernel.eval("String text = \"x\".repeat(100);");
    kernel.eval("int n = 1;");

    String text = whos("%whos String").getData(MIMEType.TEXT_PLAIN).toString();

    assertTrue(text.contains("text       String   \"" + "x".repeat(58) + "…"), text);
    assertTrue(!text.contains("int"), text);
  }

  @Test
  void anEmptySessionSaysHowToDeclareOne() {
    assertEquals(
        "No variables yet: declare one, e.g. var n = 3;",
        whos("%whos").getData(MIMEType.TEXT_PLAIN));
  }

  private DisplayData whos(String line) {
    CellRecord cell = kernel.eval(line);
    assertTrue(cell.outcome().ok(), () -> String.valueOf(cell.outcome().failure().orElseThrow()));
    return cell.output().events("display_data").getFirst().data();
  }
}
