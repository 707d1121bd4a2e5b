package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The magic-line parser on its own: cell text in, magics and remaining code out. */
class MagicLinesTest {

  @Test
  void aCellWithoutMagicsHasNoneAndKeepsItsCode() {
    MagicLines parsed = MagicLines.parse("\nint x = 1;\nint r = x\n  % 2;");

    assertFalse(parsed.any());
    assertEquals(List.of(), parsed.lineMagics());
    assertEquals(Optional.empty(), parsed.cellMagic());
    assertEquals("\nint x = 1;\nint r = x\n  % 2;", parsed.code());
    assertEquals("\nint x = 1;\nint r = x\n  % 2;", parsed.blanked());
    assertEquals(
        List.of(new MagicLines.RunCode("\nint x = 1;\nint r = x\n  % 2;", true)), parsed.steps());
  }

  @Test
  void lineMagicsComeInOrderAndTheCodeAroundThemKeepsItsLines() {
    MagicLines parsed = MagicLines.parse("%env A=1\n\n  %Time  6 * 7 \nint x = 1;\n%later");

    assertTrue(parsed.any());
    MagicLines.Line env = new MagicLines.Line(0, false, "env", "A=1", "     A=1\n\n\n\n");
    MagicLines.Line time =
        new MagicLines.Line(2, false, "Time", "6 * 7", "\n\n" + " ".repeat(9) + "6 * 7 \n\n");
    MagicLines.Line later = new MagicLines.Line(4, false, "later", "", "\n\n\n\n");
    assertEquals(List.of(env, time, later), parsed.lineMagics());
    assertEquals(Optional.empty(), parsed.cellMagic());
    assertEquals("\n\n\nint x = 1;\n", parsed.code());
    assertEquals(
        " ".repeat(8) + "\n\n" + " ".repeat(15) + "\nint x = 1;\n" + " ".repeat(6),
        parsed.blanked());
    assertEquals(
        List.of(
            new MagicLines.RunMagic(env),
            new MagicLines.RunMagic(time),
            new MagicLines.RunCode("\n\n\nint x = 1;\n", false),
            new MagicLines.RunMagic(later)),
        parsed.steps());
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

  /** The statement-start rule of MagicLines: which lines starting with % are magics. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          after a comment                | // Add Apache Commons⏎%maven a:b:1              | 1
          after a statement              | int x = 1;⏎%maven a:b:1⏎x                        | 1
          after a block                  | void f() {⏎}⏎%maven a:b:1                        | 2
          after a string holding //      | String u = "http://x";⏎%maven a:b:1              | 1
          after a string holding %       | String f = "%d";⏎  %maven a:b:1                  | 1
          a remainder continuing a line  | int r = 7⏎  % 3;                                 | -
          a remainder without a space    | int r = 7⏎%3;                                    | -
          inside parentheses             | int r = Math.max(7⏎% 3, 1);                      | -
          inside a text block            | String s = \"""⏎%maven a:b:1⏎\""";              | -
          inside a block comment         | /*⏎%maven a:b:1⏎*/                               | -
          after a block comment          | /* a⏎ b */⏎%maven a:b:1                          | 2
          after an unfinished expression | var s = "a" +⏎%maven a:b:1                       | -
          """)
  void aLineStartingWithPercentIsAMagicOnlyWhereAStatementCouldStart(
      String description, String cell, String magicLine) {
    MagicLines parsed = MagicLines.parse(cell.replace("⏎", "\n"));
    List<Integer> expected =
        magicLine.equals("-") ? List.of() : List.of(Integer.parseInt(magicLine));
    assertEquals(
        expected, parsed.lineMagics().stream().map(MagicLines.Line::index).toList(), description);
    assertEquals(!expected.isEmpty(), parsed.any(), description);
  }

  @Test
  void aMagicAfterAnAssignmentIsACallReturningItsValue() {
    String call = MagicLines.INLINE_CALL + "(\"jars\", \"lib/*.jar\");";
    MagicLines withSemicolon = MagicLines.parse("List<String> added = %jars lib/*.jar;");
    assertTrue(withSemicolon.any());
    assertEquals(List.of(), withSemicolon.lineMagics());
    assertEquals("List<String> added = " + call, withSemicolon.code());
    assertEquals("List<String> added = " + " ".repeat(16), withSemicolon.blanked());
    // IJava's own example has no semicolon
    assertEquals(
        "List<String> added = " + call,
        MagicLines.parse("List<String> added = %jars lib/*.jar").code());
    assertEquals(
        "Supplier<Object> s = () -> " + call,
        MagicLines.parse("Supplier<Object> s = () -> %jars lib/*.jar;").code());
    assertEquals(
        "Object f() { return " + MagicLines.INLINE_CALL + "(\"jars\", \"a \\\"b\\\"\");",
        MagicLines.parse("Object f() { return %jars a \"b\"").code());
  }

  @Test
  void aMagicInsideBracesIsACallWhereItStands() {
    MagicLines parsed = MagicLines.parse("for (int i = 0; i < 2; i++) {\n  %env A=1\n}");
    assertEquals(List.of(), parsed.lineMagics());
    assertEquals(
        "for (int i = 0; i < 2; i++) {\n  " + MagicLines.INLINE_CALL + "(\"env\", \"A=1\");\n}",
        parsed.code());
  }

  @Test
  void aCellMagicMayFollowCommentsButNotCode() {
    MagicLines afterComment = MagicLines.parse("// run a shell\n%%bash\necho hi");
    assertEquals("bash", afterComment.cellMagic().orElseThrow().name());
    assertEquals("\n\necho hi", afterComment.cellMagic().orElseThrow().body());
    MagicLines afterCode = MagicLines.parse("int x = 1;\n%%bash\necho hi");
    assertEquals(Optional.empty(), afterCode.cellMagic());
    assertEquals("%bash", afterCode.lineMagics().get(0).arguments());
  }
}
