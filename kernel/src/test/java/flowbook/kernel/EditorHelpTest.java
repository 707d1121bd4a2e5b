package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import flowbook.kernel.editor.EditorHelp;
import flowbook.kernel.editor.History;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditorHelpTest extends KernelTestSupport {
  @Test
  void completesAMemberWithTheRangeOfTheTypedPrefix() {
    // when
    EditorHelp.Completion completion = kernel.complete("String.valueOf(1).len", 21);

    // then
    assertEquals(List.of("length()"), completion.matches());
    assertEquals(18, completion.start());
    assertEquals(21, completion.end());
  }

  @Test
  void completesInTheSnippetTheCursorIsIn() {
    // given
    kernel.eval("int counterOfThings = 1;");
    String code = "int other = 2;\nSystem.out.println(counterOf";

    // when
    EditorHelp.Completion completion = kernel.complete(code, code.length());

    // then
    assertTrue(completion.matches().contains("counterOfThings"), completion.matches()::toString);
    assertEquals(code.indexOf("counterOf"), completion.start());
    assertEquals(code.length(), completion.end());
  }

  @Test
  void completesThePreloadedLibrary() {
    EditorHelp.Completion completion = kernel.complete("AsyncGenerator.ra", 17);
    assertTrue(completion.matches().contains("range("), completion.matches()::toString);
  }

  @Test
  void isCompleteAnswersCompleteIncompleteAndInvalid() {
    assertEquals(new EditorHelp.IsComplete("complete", ""), kernel.isComplete("1 + 1"));
    assertEquals(
        new EditorHelp.IsComplete("incomplete", "    "),
        kernel.isComplete("for (int i = 0; i < 3; i++) {"));
    assertEquals(
        new EditorHelp.IsComplete("incomplete", "        "),
        kernel.isComplete("void f() {\n  if (true) {"));
    assertEquals("invalid", kernel.isComplete("int z = ;").status());
    assertEquals("invalid", kernel.isComplete(")").status());
  }

  @Test
  void inspectGivesTheSignatureAndJavadocFromSrcZip() {
    // when
    DisplayData docs = kernel.inspect("String.valueOf(3)", 10).orElseThrow();

    // then
    String plain = (String) docs.getData(MIMEType.TEXT_PLAIN);
    assertTrue(plain.contains("String String.valueOf(int i)"), plain);
    assertTrue(docs.hasDataForType(MIMEType.TEXT_HTML));
    assumeTrue(Files.exists(Path.of(System.getProperty("java.home"), "lib", "src.zip")));
    assertTrue(plain.contains("Returns the string representation"), plain);
  }

  @Test
  void inspectGivesTheJavadocOfALibraryMethod() {
    // when
    String code = "AsyncGenerator.range(0, 3).map(v -> v * 2)";
    DisplayData docs = kernel.inspect(code, code.indexOf("map") + 1).orElseThrow();

    // then
    String plain = (String) docs.getData(MIMEType.TEXT_PLAIN);
    assertTrue(plain.contains("map(ThrowingFunction"), plain);
    assertTrue(plain.contains("Emits f(x) for each value x, in order"), plain);
    assertTrue(plain.contains("Throws:\n  NullPointerException if f is null"), plain);
    String html = (String) docs.getData(MIMEType.TEXT_HTML);
    assertTrue(html.contains("Emits <code>f(x)</code> for each value x"), html);
  }

  @Test
  void inspectGivesTheJavadocOfEveryOverloadOfAStaticLibraryMethod() {
    // when
    DisplayData docs = kernel.inspect("AsyncGenerator.range(", 18).orElseThrow();

    // then
    String plain = (String) docs.getData(MIMEType.TEXT_PLAIN);
    assertTrue(plain.contains("range(int start, int count)"), plain);
    assertTrue(plain.contains("start, start + 1, ..., start + count - 1"), plain);
  }

  @Test
  void inspectTellsOverloadsAndVarargsApart() {
    // when
    String chunk = "AsyncGenerator.range(0, 3).chunk(";
    String overloads =
        (String) kernel.inspect(chunk, chunk.length()).orElseThrow().getData(MIMEType.TEXT_PLAIN);
    String merge = "AsyncGenerator.merge(";
    String varargs =
        (String) kernel.inspect(merge, merge.length()).orElseThrow().getData(MIMEType.TEXT_PLAIN);

    // then
    assertTrue(overloads.contains("IllegalArgumentException if size is less than 1"), overloads);
    assertTrue(
        overloads.contains("IllegalArgumentException if window is zero or negative"), overloads);
    assertTrue(
        varargs.contains("NullPointerException if the array or one of the sources is null"),
        varargs);
  }

  @Test
  void inspectGivesTheJavadocOfTheDisplayApiAndOfLibraryTypes() {
    String display = (String) kernel.inspect("html(", 2).orElseThrow().getData(MIMEType.TEXT_PLAIN);
    assertTrue(display.contains("HTML to show"), display);

    String type =
        (String) kernel.inspect("AsyncGenerator", 5).orElseThrow().getData(MIMEType.TEXT_PLAIN);
    assertTrue(type.contains("flowbook.asyncgen.AsyncGenerator<T>"), type);
    assertTrue(type.lines().count() > 3, type); // the class doc, not the signature alone
  }

  @Test
  void inspectOfNothingFindsNothing() {
    assertTrue(kernel.inspect("   ", 1).isEmpty());
  }

  @Test
  void questionMarkCellsAnswerWithAPagerPage() {
    for (String cell : List.of("?String.valueOf", "String.valueOf?")) {
      // when
      CellOutcome outcome = kernel.eval(cell).outcome();

      // then
      assertTrue(outcome.ok());
      CellOutcome.Completed completed = assertInstanceOf(CellOutcome.Completed.class, outcome);
      Map<String, Object> page = completed.pages().get(0).payload();
      assertEquals("page", page.get("source"));
      DisplayData data = (DisplayData) page.get("data");
      assertTrue(((String) data.getData(MIMEType.TEXT_PLAIN)).contains("valueOf"));
    }
  }

  @Test
  void historyAnswersTailRangeAndSearch() {
    // given
    int first = kernel.eval("int historyA = 1;").outcome().executionCount();
    kernel.eval("int historyB = 2;");
    kernel.eval("int historyA2 = 3;");
    History history = kernel.history();

    // then
    assertEquals(
        List.of("int historyB = 2;", "int historyA2 = 3;"),
        history.tail(2).stream().map(History.Entry::input).toList());
    assertEquals(
        List.of("int historyA = 1;", "int historyB = 2;"),
        history.range(0, first, first + 2).stream().map(History.Entry::input).toList());
    assertEquals(
        List.of("int historyA = 1;", "int historyA2 = 3;"),
        history.search("int historyA*", 0, false).stream().map(History.Entry::input).toList());
  }
}
