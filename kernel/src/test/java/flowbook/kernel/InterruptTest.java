package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each kind of long-running cell ends with an {@code Interrupted} error when interrupted, and the
 * session's variables survive. The cells print "started" first so the interrupt lands while they
 * run; the @Timeout guards are the only timing in these tests.
 */
@Timeout(30)
class InterruptTest extends KernelTestSupport {
  @BeforeAll
  void defineState() {
    assertTrue(kernel.eval("int kept = 42;").outcome().ok());
  }

  @Test
  void interruptsASleepingCell() throws Exception {
    assertInterrupted("System.out.println(\"started\");\nThread.sleep(60_000);");
  }

  @Test
  void interruptsABusyLoop() throws Exception {
    assertInterrupted(
        "System.out.println(\"started\");\nlong spins = 0;\nwhile (true) { spins++; }");
  }

  @Test
  void interruptsABusyLoopInsideAMethod() throws Exception {
    kernel.eval("void spin() { long n = 0; while (n >= 0) { n = (n + 1) % 1000; } }");
    assertInterrupted("System.out.println(\"started\");\nspin();");
  }

  @Test
  void interruptsACellAwaitingAFuture() throws Exception {
    assertInterrupted("System.out.println(\"started\");\nawait(sleep(Duration.ofMinutes(5)));");
  }

  @Test
  void interruptsACellBlockedInForEachAndRunsTheGeneratorsFinally() throws Exception {
    RecordingOutput output =
        assertInterrupted(
            """
            AsyncGenerator<Integer> slow = AsyncGenerator.of(out -> {
                try {
                    System.out.println("started");
                    while (true) {
                        await(sleep(Duration.ofSeconds(10)));
                        out.yield(1);
                    }
                } finally {
                    System.out.println("cleanup ran");
                }
            });
            slow.forEach(v -> System.out.println(v));
            """);
    assertTrue(output.stdout().contains("cleanup ran"), output.stdout());
  }

  @Test
  void interruptsAPublisherValue() throws Exception {
    RecordingOutput output =
        assertInterrupted(
            """
            AsyncGenerator.of(out -> {
                try {
                    System.out.println("started");
                    for (int i = 0; ; i++) {
                        out.yield(i);
                        await(sleep(Duration.ofMillis(50)));
                    }
                } finally {
                    System.out.println("stream closed");
                }
            })
            """);
    assertTrue(output.stdout().contains("stream closed"), output.stdout());
  }

  private RecordingOutput assertInterrupted(String code) throws Exception {
    // given a running cell
    RecordingOutput output = new RecordingOutput();
    CompletableFuture<CellOutcome> cell = runInBackground(code, output);
    awaitStdout(output, "started");

    // when
    kernel.interrupt();

    // then
    CellOutcome outcome = cell.get(20, TimeUnit.SECONDS);
    assertInstanceOf(CellOutcome.Interrupted.class, outcome);
    assertEquals(
        "Interrupted",
        outcome.failure().orElseThrow().name(),
        () -> outcome.failure().orElseThrow().toString());
    CellRecord next = kernel.eval("kept");
    assertTrue(next.outcome().ok());
    assertEquals(
        "42", next.output().events("execute_result").get(0).data().getData(MIMEType.TEXT_PLAIN));
    return output;
  }
}
