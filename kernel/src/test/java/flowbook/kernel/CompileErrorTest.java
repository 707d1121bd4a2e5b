package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileErrorTest extends KernelTestSupport {
  @Test
  void reportsMessageCellLineColumnSourceAndCaret() {
    // when
    CellRecord cell = kernel.eval("int ok = 1;\nint bad = \"text\";");

    // then
    CellError error = cell.outcome().failure().orElseThrow();
    int count = cell.outcome().executionCount();
    assertEquals("CompileError", error.name());
    assertEquals("incompatible types: java.lang.String cannot be converted to int", error.value());
    assertEquals(
        List.of(
            "Cell In["
                + count
                + "], line 2, column 11: "
                + "incompatible types: java.lang.String cannot be converted to int",
            "    int bad = \"text\";",
            "              ^"),
        error.traceback());
    assertEquals(List.of(error), cell.output().errors());
  }

  @Test
  void snippetsBeforeTheErrorHaveRun() {
    // when
    CellRecord cell = kernel.eval("int before = 7;\n\nString s = undefinedName;");

    // then
    assertEquals("CompileError", cell.outcome().failure().orElseThrow().name());
    assertTrue(
        cell.outcome().failure().orElseThrow().traceback().get(0).contains("line 3, column 12"));
    assertEquals(
        "7",
        kernel
            .eval("before")
            .output()
            .events("execute_result")
            .get(0)
            .data()
            .getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
  }

  @Test
  void anErrorInAMethodPointsIntoTheMethodBody() {
    // when
    CellRecord cell = kernel.eval("// helper\nint twice(int n) {\n  return n * \"2\";\n}");

    // then
    String header = cell.outcome().failure().orElseThrow().traceback().get(0);
    assertTrue(header.contains("line 3, column "), header);
    assertFalse(cell.outcome().ok());
  }
}
