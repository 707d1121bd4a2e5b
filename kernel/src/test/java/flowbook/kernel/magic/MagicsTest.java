package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.output.CellError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The magic framework through the evaluator: names, help, errors, line numbers, consoles and
 * completion.
 */
class MagicsTest extends MagicKernelTest {
  @Test
  void lsmagicListsEveryMagicWithItsSummary() {
    String listing = ok("%lsmagic").output().stdout();
    for (String magic :
        List.of(
            "%classpath",
            "%env",
            "%load",
            "%lsmagic",
            "%whos",
            "%maven",
            "%mavenRepo",
            "%time",
            "%timeit",
            "%%html",
            "%%markdown",
            "%%time",
            "%%timeit")) {
      assertTrue(listing.contains("  " + magic + " "), () -> magic + " missing in\n" + listing);
    }
  }

  @Test
  void anUnknownMagicIsAnErrorListingTheKnownOnes() {
    CellError error = failing("%nosuchmagic 1 2");
    assertEquals("UsageError", error.name());
    assertTrue(error.value().contains("unknown magic %nosuchmagic"), error.value());
    assertTrue(error.value().contains("%maven, %mavenRepo"), error.value());
    assertTrue(error.value().contains("%%timeit"), error.value());
  }

  @Test
  void magicNamesIgnoreCase() {
    assertTrue(ok("%LsMagic").output().stdout().contains("%mavenRepo"));
    assertTrue(ok("%MAVENREPO").output().stdout().contains("%maven searches"));
  }

  @Test
  void aQuestionMarkShowsTheMagicsHelp() {
    String help = ok("%env?").output().stdout();
    assertTrue(help.contains("System.getenv"), help);
    assertTrue(ok("%%timeit --help").output().stdout().contains("0.2 s"));
  }

  @Test
  void codeAfterLineMagicsKeepsItsCellLineNumbers() {
    CellError error = failing("%env FLOWBOOK_LINES=1\n\nint x = undefinedName;");
    assertEquals("CompileError", error.name());
    assertTrue(error.traceback().get(0).contains("line 3, column 9"), error.traceback().get(0));
  }

  @Test
  void aFailingLineMagicStopsTheCell() {
    CellRecord cell = kernel.eval("%classpath /no/such/dir\nSystem.out.println(\"ran\");");
    assertFalse(cell.outcome().ok());
    assertFalse(cell.output().stdout().contains("ran"));
  }

  @Test
  void consolesRunLineMagicsAtOnceAndWaitForTheEndOfACellMagic() {
    assertEquals("complete", kernel.isComplete("%maven a:b:1").status());
    assertEquals("incomplete", kernel.isComplete("%%timeit").status());
    assertEquals("incomplete", kernel.isComplete("%%timeit\nMath.sqrt(2)").status());
    assertEquals("complete", kernel.isComplete("%%timeit\nMath.sqrt(2)\n").status());
    assertEquals("incomplete", kernel.isComplete("%env A=1\nvoid f() {").status());
    assertEquals("complete", kernel.isComplete("%env A=1\nint x = 1;").status());
  }

  @Test
  void magicNamesComplete() {
    var line = kernel.complete("%MA", 3);
    assertEquals(List.of("%maven", "%mavenRepo"), line.matches());
    assertEquals(0, line.start());
    assertEquals(3, line.end());
    assertEquals(List.of("%%time", "%%timeit"), kernel.complete("%env A=1\n%%ti", 13).matches());
    assertTrue(kernel.complete("%maven x\nSyste", 14).matches().contains("System"));
  }
}
