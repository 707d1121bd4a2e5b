package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SafetyTest extends KernelTestSupport {
  @Test
  void systemExitIsAnErrorAndTheKernelLives() {
    // when
    CellError error =
        kernel
            .eval("System.out.println(\"before\");\nSystem.exit(3);")
            .outcome()
            .failure()
            .orElseThrow();

    // then
    assertEquals("SystemExit", error.name());
    assertTrue(error.value().contains("System.exit(3)"), error.value());
    assertKernelAnswers();
  }

  @Test
  void runtimeExitAndHaltAreTrappedToo() {
    assertEquals(
        "SystemExit",
        kernel.eval("Runtime.getRuntime().exit(1)").outcome().failure().orElseThrow().name());
    assertEquals(
        "SystemExit",
        kernel.eval("Runtime.getRuntime().halt(1)").outcome().failure().orElseThrow().name());
    assertEquals(
        "SystemExit",
        kernel
            .eval("void quit() { System.exit(4); }\nquit();")
            .outcome()
            .failure()
            .orElseThrow()
            .name());
    assertEquals(
        "SystemExit",
        kernel
            .eval("java.util.function.IntConsumer exit = System::exit;\nexit.accept(5);")
            .outcome()
            .failure()
            .orElseThrow()
            .name());
    assertKernelAnswers();
  }

  @Test
  void outOfMemoryIsReportedAndTheKernelLives() {
    // when
    CellError error =
        kernel
            .eval(
                """
                {
                    List<long[]> hog = new ArrayList<>();
                    while (true) hog.add(new long[10_000_000]);
                }
                """)
            .outcome()
            .failure()
            .orElseThrow();

    // then
    assertEquals("java.lang.OutOfMemoryError", error.name());
    assertKernelAnswers();
  }

  @Test
  void stackOverflowIsReportedFoldedAndTheKernelLives() {
    // when
    CellError error =
        kernel
            .eval("int deep(int n) { return deep(n + 1) + 1; }\ndeep(0)")
            .outcome()
            .failure()
            .orElseThrow();

    // then
    assertEquals("java.lang.StackOverflowError", error.name());
    assertTrue(error.traceback().size() < 20, () -> "not folded: " + error.traceback().size());
    assertTrue(
        error.traceback().stream().anyMatch(l -> l.contains("repeated")),
        error.traceback()::toString);
    assertKernelAnswers();
  }

  private void assertKernelAnswers() {
    CellRecord cell = kernel.eval("6 * 7");
    assertTrue(cell.outcome().ok());
    assertEquals(
        "42", cell.output().events("execute_result").get(0).data().getData(MIMEType.TEXT_PLAIN));
  }
}
