package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Magics where IJava and JJava notebooks put them: below comments and code, inside blocks, as the
 * value of an assignment; and lines that only look like magics staying Java.
 */
class MagicPlacementTest extends MagicKernelTest {
  @Test
  void aLineMagicBelowACommentRuns() {
    assertEquals("\"1\"", result(ok("// set it up\n%env PLACED_A=1\nEnv.get(\"PLACED_A\")")));
  }

  @Test
  void magicsAndCodeRunInTheOrderWritten() {
    String cell =
        """
        %env PLACED_B=1
        String before = Env.get("PLACED_B");
        %env PLACED_B=2
        before + Env.get("PLACED_B")
        """;
    assertEquals("\"12\"", result(ok(cell)));
  }

  @Test
  void codeBeforeAMagicShowsNoValueAndAnErrorInItStopsTheCell() {
    var cell = ok("6 * 7;\n%env PLACED_C=1\n");
    assertEquals(null, result(cell));
    CellError error = failing("int broken = \"x\";\n%env PLACED_D=1");
    assertEquals("CompileError", error.name());
    assertEquals("null", result(ok("Env.get(\"PLACED_D\")")));
  }

  @Test
  void aRemainderOnAContinuedLineAndPercentInTextStayJava() {
    assertEquals("2", result(ok("int a = 17;\nint r = a\n  % 5;\nr")));
    assertEquals("\"%env X=1\"", result(ok("String s = \"\"\"\n%env X=1\n\"\"\";\ns.strip()")));
    assertEquals("\"7%\"", result(ok("String.format(\"%d%%\",\n7)")));
  }

  @Test
  void aMagicAsTheValueOfAnAssignmentReturnsWhatItAdded() throws Exception {
    Path lib = temp.resolve("placed-lib");
    TestRepository.writeJar(
        lib.resolve("placed.jar"),
        temp.resolve("placed-build"),
        "test.placed.Placed",
        "package test.placed; public class Placed { public static int get() { return 5; } }");
    var cell = ok("List<String> added = %jars " + lib + "/*.jar;\nadded");
    assertEquals(
        "[\"" + lib.resolve("placed.jar") + "\"]",
        result(cell).replace("[", "[\"").replace("]", "\"]"));
    assertEquals("5", result(ok("test.placed.Placed.get()")));
    // IJava's example, without a semicolon, and JJava's lineMagic(...)
    assertEquals(
        "1", result(ok("List<String> again = %classpath " + lib + "/*.jar\nagain.size()")));
    assertEquals(
        "1",
        result(
            ok(
                "List<String> listed = lineMagic(\"jars\", List.of(\""
                    + lib
                    + "/*.jar\"));\nlisted.size()")));
  }

  @Test
  void aMagicInsideABlockRunsWhereItStands() {
    assertEquals(
        "\"2\"",
        result(
            ok(
                """
                for (int i = 1; i <= 2; i++) {
                  %env PLACED_E=1
                  if (i == 2) {
                    lineMagic("env", List.of("PLACED_E=2"));
                  }
                }
                Env.get("PLACED_E")
                """)));
  }

  @Test
  void aFailingMagicInCodeFailsTheCellSayingWhy() {
    CellError error = failing("List<String> none = %jars /no/such/dir/*.jar;");
    assertTrue(error.value().contains("nothing matches"), error.value());
    CellError unknown = failing("Object x = %noSuchMagic;");
    assertTrue(unknown.value().contains("unknown magic %noSuchMagic"), unknown.value());
  }

  @Test
  void aCellMagicBelowCodeSaysWhereItBelongs() {
    CellError error = failing("int x = 1;\n%%html\n<b>x</b>");
    assertEquals("UsageError", error.name());
    assertTrue(error.value().contains("first line"), error.value());
  }
}
