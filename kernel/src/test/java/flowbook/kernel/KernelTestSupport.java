package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.RecordingOutput;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One kernel per test class (JShell takes a second to start), closed after the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KernelTestSupport {
  protected JShellKernel kernel;

  @BeforeAll
  protected void startKernel() {
    kernel = new JShellKernel(settings());
  }

  /** The settings the class's kernel starts with: the environment's, as a kernel's would be. */
  protected KernelSettings settings() {
    return KernelSettings.fromEnvironment(System.getenv());
  }

  @AfterAll
  protected void closeKernel() {
    kernel.close();
  }

  /** Runs {@code code} on another thread; the output is recorded into {@code output}. */
  CompletableFuture<CellOutcome> runInBackground(String code, RecordingOutput output) {
    return CompletableFuture.supplyAsync(
        () -> kernel.execute(code, output, true),
        runnable -> Thread.ofPlatform().name("test-cell").start(runnable));
  }

  /** Waits until {@code output}'s stdout contains {@code text}. */
  static void awaitStdout(RecordingOutput output, String text) throws InterruptedException {
    assertTrue(
        output.await(o -> o.stdout().contains(text), Duration.ofSeconds(20)),
        () -> "no \"" + text + "\" in stdout: " + output.stdout());
  }
}
