package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RuntimeErrorTest extends KernelTestSupport {
  @Test
  void traceShowsOnlyUserFramesWithCellLines() {
    // given
    int defined =
        kernel.eval("int divide(int n) {\n  return 10 / n;\n}").outcome().executionCount();

    // when
    CellRecord cell = kernel.eval("int a = 1;\n\ndivide(0)");

    // then
    CellError error = cell.outcome().failure().orElseThrow();
    int count = cell.outcome().executionCount();
    assertEquals("java.lang.ArithmeticException", error.name());
    assertEquals("/ by zero", error.value());
    assertEquals(
        List.of(
            "java.lang.ArithmeticException: / by zero",
            "    at divide (Cell In[" + defined + "], line 2)",
            "    at Cell In[" + count + "], line 3"),
        error.traceback());
  }

  @Test
  void anUnresolvedReferenceNamesWhatIsMissingAndWhereItIsUsed() {
    // given: greet is defined, but what it calls is not
    int defined =
        kernel
            .eval(
                "void greet() {\n  String name = \"Ada\";\n  System.out.println(helper(name));\n}")
            .outcome()
            .executionCount();

    // when
    CellError error = kernel.eval("greet()").outcome().failure().orElseThrow();

    // then
    assertEquals("UnresolvedReference", error.name());
    assertEquals(
        "greet() cannot be used until method helper(java.lang.String) is declared; greet uses it"
            + " at Cell In["
            + defined
            + "], line 3: System.out.println(helper(name));. Declare it (run the cell that"
            + " defines it), then run this again",
        error.value());
  }

  @Test
  void libraryFramesAboveTheUserCodeStayAndKernelFramesGo() {
    // when
    CellError error = kernel.eval("Integer.parseInt(\"x\")").outcome().failure().orElseThrow();

    // then
    assertEquals("java.lang.NumberFormatException", error.name());
    assertTrue(error.traceback().stream().anyMatch(l -> l.contains("java.lang.Integer.parseInt")));
    assertNoMachineryFrames(error);
  }

  @Test
  void causesAreShown() {
    // when
    CellError error =
        kernel
            .eval("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));")
            .outcome()
            .failure()
            .orElseThrow();

    // then
    assertEquals("java.lang.RuntimeException", error.name());
    assertTrue(
        error.traceback().contains("Caused by: java.lang.IllegalStateException: inner"),
        error.traceback()::toString);
  }

  @Test
  @Timeout(30)
  void anErrorInAGeneratorBodyKeepsItsTypeAndPointsAtTheBody() {
    // when
    CellRecord cell =
        kernel.eval(
            """
            AsyncGenerator<Integer> failing = AsyncGenerator.of(out -> {
                out.yield(1);
                throw new IllegalStateException("Something went wrong!");
            });
            failing.forEach(v -> System.out.println("Received: " + v));
            """);

    // then
    CellError error = cell.outcome().failure().orElseThrow();
    assertEquals("java.lang.IllegalStateException", error.name());
    assertEquals("Something went wrong!", error.value());
    assertEquals("Received: 1\n", cell.output().stdout());
    assertTrue(
        error.traceback().stream().anyMatch(l -> l.contains("line 3")),
        error.traceback()::toString);
    assertNoMachineryFrames(error);
  }

  private static void assertNoMachineryFrames(CellError error) {
    for (String line : error.traceback()) {
      for (String hidden :
          List.of(
              "jdk.jshell",
              "java.lang.reflect",
              "jdk.internal.reflect",
              "flowbook.kernel",
              "flowbook.asyncgen")) {
        assertTrue(!line.contains(hidden), () -> "machinery frame " + line);
      }
    }
  }
}
