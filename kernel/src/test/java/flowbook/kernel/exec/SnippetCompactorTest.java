package flowbook.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a session keeps and what it forgets between cells, in a JShell of its own. */
@Timeout(120)
class SnippetCompactorTest {
  private JShell shell;
  private SnippetCompactor compactor;

  @BeforeEach
  void startShell() {
    shell = JShell.builder().executionEngine("local").build();
    compactor = new SnippetCompactor(shell, 0, true); // run statements are dropped at once
  }

  @AfterEach
  void closeShell() {
    shell.close();
  }

  @Test
  void theTestJvmOpensJShellsInternals() {
    assertTrue(compactor.forgetsInactiveSnippets());
  }

  @Test
  void onlyActiveDeclarationsStayInTheSession() {
    // given: an overwritten variable and method, a dropped one, a rejected one, statements
    cell("int x = 1;");
    cell("int x = 2;");
    cell("int f(int n) { return n; }");
    cell("int f(int n) { return n + x; }");
    cell("String gone = \"soon\";");
    shell.variables().filter(v -> v.name().equals("gone")).toList().forEach(shell::drop);
    cell("int broken = \"not an int\";");
    cell("for (int i = 0; i < 3; i++) { x += i; }");
    cell("x = 7");

    // when
    compactor.afterCell();

    // then
    assertEquals(
        List.of("int x = 2;", "int f(int n) { return n + x; }"),
        shell.snippets().map(Snippet::source).toList());
  }

  @Test
  void definitionsStayUsable() {
    // given
    cell("import java.util.function.*;");
    cell("record Point(int x, int y) {}");
    cell("int scale = 3;");
    cell("int scaled(Point p) { return scale * (p.x() + p.y()); }");
    cell("int scaled(Point p) { return scale * p.x() + p.y(); }");
    cell("for (int i = 0; i < 2; i++) { scale++; }");

    // when
    compactor.afterCell();
    for (int i = 0; i < 20; i++) {
      cell("scale * " + i);
      compactor.afterCell();
    }

    // then
    assertEquals("\"16\"", value("String.valueOf(scaled(new Point(3, 1)))"));
    assertEquals("5", value("new Point(2, 3).x() + new Point(2, 3).y()"));
    assertEquals("6", value("((IntUnaryOperator) n -> n * 2).applyAsInt(3)"));
  }

  @Test
  void codeMadeByAForgottenSnippetStillRuns() {
    // given: a lambda made by a statement, which is dropped and forgotten
    cell(
        "java.util.List<java.util.function.Supplier<String>> saved = new java.util.ArrayList<>();");
    cell("for (int i = 0; i < 1; i++) { saved.add(() -> \"made by a statement\"); }");
    compactor.afterCell();

    // when
    String made = value("saved.get(0).get()");

    // then
    assertEquals("\"made by a statement\"", made);
  }

  @Test
  void aClassOfAForgottenSnippetFirstUsedLaterStillLoads() {
    // given: a statement whose anonymous class is only instantiated (loaded) after it is forgotten
    cell(
        "java.util.List<java.util.function.Supplier<Object>> makers = new java.util.ArrayList<>();");
    cell(
        "for (int i = 0; i < 1; i++) { makers.add(() -> new Object() {"
            + " public String toString() { return \"anonymous, loaded late\"; } }); }");
    compactor.afterCell();
    cell("int unrelated = 1;");
    compactor.afterCell();

    // when
    String made = value("makers.get(0).get().toString()");

    // then
    assertEquals("\"anonymous, loaded late\"", made);
  }

  @Test
  void aForgottenNameCanBeDeclaredAgain() {
    // given: names whose earlier snippets were overwritten, dropped and forgotten
    cell("int g() { return 1; }");
    cell("int g() { return 2; }");
    cell("class Box { int v = 1; }");
    cell("Box box = new Box();");
    cell("class Box { int v = 2; }");
    cell("String gone = \"soon\";");
    shell.variables().filter(v -> v.name().equals("gone")).toList().forEach(shell::drop);
    compactor.afterCell();

    // when: each is declared once more
    cell("int g() { return 3; }");
    cell("class Box { int v = 3; }");
    cell("String gone = \"back\";");
    compactor.afterCell();

    // then
    assertEquals("3", value("g()"));
    assertEquals("3", value("new Box().v"));
    assertEquals("\"back\"", value("gone"));
  }

  @Test
  void anErrorInAMethodStillNamesTheMethodAfterLaterCells() {
    // given
    cell("int fail() { throw new IllegalStateException(\"from fail\"); }");
    for (int i = 0; i < 5; i++) {
      cell("int fail" + i + "() { return " + i + "; }");
      compactor.afterCell();
    }

    // when
    SnippetEvent failed = cell("fail()");

    // then
    assertEquals("from fail", failed.exception().getMessage());
    assertEquals("fail", failed.exception().getStackTrace()[0].getMethodName());
  }

  @Test
  void theLatestRunStatementsStayAndAnErrorInCodeTheyMadeNamesTheirLine() {
    // given: keeping the latest two run statements
    SnippetCompactor keepingTwo = new SnippetCompactor(shell, 2, true);
    cell("java.util.List<Runnable> saved = new java.util.ArrayList<>();");
    Snippet oldest = cell("for (int i = 0; i < 1; i++) { saved.add(() -> {}); }").snippet();
    keepingTwo.afterCell();
    Snippet failing =
        cell("for (int i = 0; i < 1; i++) {\n  saved.add(() -> { throw new IllegalStateException(); });\n}")
            .snippet();
    keepingTwo.afterCell();
    Snippet newest = cell("for (int i = 0; i < 1; i++) { saved.add(() -> {}); }").snippet();
    keepingTwo.afterCell();

    // when
    SnippetEvent failed = cell("saved.get(1).run()");

    // then
    assertEquals(Snippet.Status.DROPPED, shell.status(oldest));
    assertTrue(shell.status(failing).isActive());
    assertTrue(shell.status(newest).isActive());
    StackTraceElement thrower = failed.exception().getStackTrace()[0];
    assertEquals("#" + failing.id(), thrower.getFileName());
    assertEquals(2, thrower.getLineNumber());
  }

  @Test
  void withoutJShellsInternalsNothingChanges() {
    // given
    SnippetCompactor closed = new SnippetCompactor(shell, 0, false);
    cell("int x = 1;");
    cell("int x = 2;");
    Snippet statement = cell("for (int i = 0; i < 3; i++) { x += i; }").snippet();

    // when
    closed.afterCell();

    // then
    assertFalse(closed.forgetsInactiveSnippets());
    assertTrue(shell.status(statement).isActive());
    assertEquals(
        List.of("int x = 1;", "int x = 2;", statement.source()),
        shell.snippets().map(Snippet::source).toList());
    assertEquals("5", value("x"));
  }

  private SnippetEvent cell(String source) {
    return shell.eval(source).get(0);
  }

  private String value(String expression) {
    SnippetEvent event = cell(expression);
    assertEquals(
        Snippet.Status.VALID,
        event.status(),
        () -> shell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList().toString());
    assertEquals(null, event.exception());
    return event.value();
  }
}
