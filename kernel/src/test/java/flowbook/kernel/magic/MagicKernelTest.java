package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of each magic family share: one kernel per test class, run cell in and outputs
 * out, with Maven kept off the network and away from the user's local repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class MagicKernelTest {
  @TempDir static Path temp;
  JShellKernel kernel;
  private String previousLocalRepository;

  @BeforeAll
  void startKernel() {
    // %maven caches into the local repository: a temp one, so ~/.m2 is never touched.
    previousLocalRepository = System.getProperty("maven.repo.local");
    System.setProperty("maven.repo.local", temp.resolve("local-repository").toString());
    kernel = new JShellKernel();
    // Tests resolve from file:// repositories they build, never from the network.
    ok("%mavenRepo --remove central");
  }

  @AfterAll
  void closeKernel() {
    kernel.close();
    if (previousLocalRepository == null) {
      System.clearProperty("maven.repo.local");
    } else {
      System.setProperty("maven.repo.local", previousLocalRepository);
    }
  }

  /** Runs {@code code}, asserting that it succeeds. */
  CellRecord ok(String code) {
    CellRecord cell = kernel.eval(code);
    assertTrue(
        cell.outcome().ok(),
        () ->
            code
                + "\nfailed: "
                + cell.outcome().failure().orElseThrow()
                + "\nstdout: "
                + cell.output().stdout());
    return cell;
  }

  /** Runs {@code code}, asserting that it fails and shows its error once; returns the error. */
  CellError failing(String code) {
    CellRecord cell = kernel.eval(code);
    assertFalse(cell.outcome().ok(), () -> code + "\nsucceeded: " + cell.output().stdout());
    assertEquals(List.of(cell.outcome().failure().orElseThrow()), cell.output().errors());
    return cell.outcome().failure().orElseThrow();
  }

  /** The text of the cell's {@code execute_result}, or null when it has none. */
  static String result(CellRecord cell) {
    List<RecordingOutput.Event> results = cell.output().events("execute_result");
    return results.isEmpty() ? null : results.get(0).data().getData(MIMEType.TEXT_PLAIN).toString();
  }
}
