package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The magic-line parser on its own: cell text in, magics and remaining code out. */
class MagicLinesTest {

  @Test
  void aCellWithoutMagicsHasNoneAndKeepsItsCode() {
    MagicLines parsed = MagicLines.parse("\nint x = 1;\n%notAMagicHere");

    assertFalse(parsed.any());
    assertEquals(List.of(), parsed.lineMagics());
    assertEquals(Optional.empty(), parsed.cellMagic());
    assertEquals("\nint x = 1;\n%notAMagicHere", parsed.code());
    assertEquals("\nint x = 1;\n%notAMagicHere", parsed.blanked());
  }

  @Test
  void lineMagicsComeInOrderAndTheCodeAfterThemKeepsItsLines() {
    MagicLines parsed = MagicLines.parse("%env A=1\n\n  %Time  6 * 7 \nint x = 1;\n%later");

    assertTrue(parsed.any());
    assertEquals(
        List.of(
            new MagicLines.Line(0, false, "env", "A=1", "     A=1\n\n\n\n"),
            new MagicLines.Line(2, false, "Time", "6 * 7", "\n\n" + " ".repeat(9) + "6 * 7 \n\n")),
        parsed.lineMagics());
    assertEquals(Optional.empty(), parsed.cellMagic());
    assertEquals("\n\n\nint x = 1;\n%later", parsed.code());
    assertEquals(
        " ".repeat(8) + "\n\n" + " ".repeat(15) + "\nint x = 1;\n%later", parsed.blanked());
  }

  @Test
  void aCellMagicEndsTheHeaderAndTakesTheRestAsItsBody() {
    MagicLines parsed = MagicLines.parse("%env A=1\n%%timeit -n 3\n%not a magic\nMath.sqrt(2)");

    assertEquals(
        List.of(new MagicLines.Line(0, false, "env", "A=1", "     A=1\n\n\n")),
        parsed.lineMagics());
    String body = "\n\n%not a magic\nMath.sqrt(2)";
    assertEquals(
        Optional.of(new MagicLines.Line(1, true, "timeit", "-n 3", body)), parsed.cellMagic());
    assertEquals(body, parsed.code());
    assertEquals(
        " ".repeat(8) + "\n" + " ".repeat(13) + "\n%not a magic\nMath.sqrt(2)", parsed.blanked());
  }

  @Test
  void aLineWithoutANameHasAnEmptyNameAndItsTextAsArguments() {
    MagicLines.Line line = MagicLines.parse("% -x").lineMagics().get(0);

    assertEquals("", line.name());
    assertEquals("-x", line.arguments());
  }

  @Test
  void magicLinesAreTheHeadersOnly() {
    MagicLines parsed = MagicLines.parse("%maven a:b:1\n%%ti\n%maven c:d:2");

    assertTrue(parsed.isMagicLine(0));
    assertTrue(parsed.isMagicLine(1));
    assertFalse(parsed.isMagicLine(2)); // part of the cell magic's body
  }
}
