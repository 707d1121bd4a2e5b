package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code %%bash}, {@code %%sh}, {@code %sh}, {@code %load} of a notebook, {@code %loadFromPOM}. */
class ShellAndLoadMagicsTest extends MagicKernelTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shellMagicsPrintTheCommandsOutputOnItsStreams() {
    var cell = ok("%%bash\necho hello from bash\necho oops >&2\nexit 3");
    assertEquals("hello from bash\n", cell.output().stdout());
    assertTrue(cell.output().stderr().contains("oops\n"), cell.output().stderr());
    assertTrue(cell.output().stderr().contains("exit status 3"), cell.output().stderr());
    assertEquals("sh says hi\n", ok("%%sh\necho sh says hi").output().stdout());
    assertEquals("line\n", ok("// list it\n%sh echo line").output().stdout());
    ok("%env SHELL_SEEN=from-env");
    assertEquals("from-env\n", ok("%sh echo $SHELL_SEEN").output().stdout());
  }

  @Test
  void shellOutputShowsWhileTheCommandStillRuns() throws Exception {
    Path release = temp.resolve("release-shell");
    RecordingOutput output = new RecordingOutput();
    CompletableFuture<CellOutcome> cell =
        start(
            "%%bash\necho first\nwhile [ ! -e '"
                + release
                + "' ]; do sleep 0.05; done\necho second",
            output);
    assertTrue(output.await(o -> o.stdout().contains("first"), WAIT));
    assertFalse(output.stdout().contains("second")); // it waits for the file, which is not there
    Files.createFile(release);
    assertTrue(cell.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok());
    assertEquals("first\nsecond\n", output.stdout());
  }

  @Test
  void interruptStopsTheScriptAndEveryProcessItStarted() throws Exception {
    Path pids = temp.resolve("shell-pids");
    RecordingOutput output = new RecordingOutput();
    CompletableFuture<CellOutcome> cell =
        start("%%bash\nsleep 600 &\necho $$ $! > '" + pids + "'\necho ready\nwait", output);
    assertTrue(output.await(o -> o.stdout().contains("ready"), WAIT));
    kernel.interrupt();
    assertInstanceOf(CellOutcome.Interrupted.class, cell.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    for (String pid : Files.readString(pids).strip().split(" ")) {
      assertTrue(exitsWithin(Long.parseLong(pid), WAIT), "process " + pid + " still runs");
    }
    assertEquals("\"after\"", result(ok("\"after\""))); // the kernel runs on
  }

  @Test
  void loadRunsANotebooksCodeCellsInOrderMagicsIncluded() throws Exception {
    Path notebook = temp.resolve("helpers.ipynb");
    Files.writeString(
        notebook,
        """
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
         "cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# Helpers"]},
          {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
           "source": ["// configure\\n", "%env LOADED_FROM=notebook\\n", "int base = 40;"]},
          {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2,
           "source": "int loaded() { return base + 2; }"}
         ]}
        """);
    ok("%load " + notebook);
    assertEquals("42", result(ok("loaded()")));
    assertEquals("\"notebook\"", result(ok("Env.get(\"LOADED_FROM\")")));

    Path broken = temp.resolve("broken.ipynb");
    Files.writeString(
        broken,
        """
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
          {"cell_type": "code", "metadata": {}, "outputs": [], "source": "int fine = 1;"},
          {"cell_type": "code", "metadata": {}, "outputs": [], "source": "int bad = \\"x\\";"}]}
        """);
    CellError error = failing("%load " + broken);
    assertTrue(
        String.join("\n", error.traceback()).contains("broken.ipynb, cell 2"), error.toString());
  }

  @Test
  void loadFromPomResolvesDependenciesWithTheirRepositoriesAndScopes() throws Exception {
    TestRepository repository =
        new TestRepository(temp.resolve("pom-remote"))
            .publishClass(
                "test.pom:lib:1.0",
                "test.pom.Lib",
                "package test.pom; public class Lib { public static int answer() { return 7; } }");
    String cell =
        """
        %%loadFromPOM
        <repositories>
          <repository><id>pomrepo</id><url>URL</url></repository>
        </repositories>
        <properties><lib.version>1.0</lib.version></properties>
        <dependencies>
          <dependency>
            <groupId>test.pom</groupId><artifactId>lib</artifactId><version>${lib.version}</version>
          </dependency>
          <dependency>
            <groupId>test.pom</groupId><artifactId>only-for-tests</artifactId><version>9</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        """
            .replace("URL", repository.url());
    String printed = ok(cell).output().stdout();
    assertTrue(printed.contains("added repository pomrepo"), printed);
    assertTrue(printed.contains("skipped test.pom:only-for-tests:9 (scope test)"), printed);
    assertTrue(printed.contains("lib-1.0.jar"), printed);
    assertEquals("7", result(ok("test.pom.Lib.answer()")));

    Path pom = temp.resolve("pom.xml");
    Files.writeString(
        pom,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>me</groupId><artifactId>notebook</artifactId><version>1</version>
          <dependencyManagement><dependencies><dependency>
            <groupId>test.pom</groupId><artifactId>lib</artifactId><version>1.0</version>
          </dependency></dependencies></dependencyManagement>
          <dependencies>
            <dependency><groupId>test.pom</groupId><artifactId>lib</artifactId></dependency>
          </dependencies>
        </project>
        """);
    assertEquals("1", result(ok("List<String> jars = %loadFromPOM " + pom + "\njars.size()")));
    CellError missing =
        failing(
            "%%loadFromPOM\n<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>");
    assertTrue(missing.value().contains("a:b has no <version>"), missing.value());
  }

  /** Starts {@code code} as a cell on another thread, its outputs recorded in {@code output}. */
  private CompletableFuture<CellOutcome> start(String code, RecordingOutput output) {
    return CompletableFuture.supplyAsync(() -> kernel.execute(code, output, true));
  }

  /**
   * Whether process {@code pid} has ended within {@code limit}: gone, or a zombie. A zombie has
   * exited and holds nothing; it stays until its parent reaps it, and where the kernel runs as a
   * container's only process tree no init reaps orphans, so {@code isAlive} would stay true.
   */
  private static boolean exitsWithin(long pid, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      } catch (java.io.IOException gone) {
        return true;
      }
      if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // polling for the exit, bounded by the deadline
    }
  }
}
