package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JJava's start-up settings under Flowbook's names, and JJava's names accepted. */
@Timeout(120)
class StartupSettingsTest {
  @TempDir Path temp;

  @Test
  void flowbooksNamesComeFirstAndJJavasAndIJavasAreRead() {
    StartupSettings settings =
        StartupSettings.fromEnvironment(
            Map.of(
                "JJAVA_CLASSPATH", "lib/*.jar",
                "FLOWBOOK_STARTUP_SCRIPT", "int x = 1;",
                "JJAVA_STARTUP_SCRIPT", "ignored",
                "IJAVA_COMPILER_OPTS", "-Xlint:all  -Werror",
                "JJAVA_TIMEOUT", "1500",
                "JJAVA_STARTUP_SCRIPTS_PATH", "start/*.jsh"));
    assertEquals(
        new StartupSettings(
            "lib/*.jar",
            "start/*.jsh",
            "int x = 1;",
            List.of("-Xlint:all", "-Werror"),
            Optional.of(Duration.ofMillis(1500))),
        settings);
    assertEquals(
        Optional.empty(), StartupSettings.fromEnvironment(Map.of("JJAVA_TIMEOUT", "-1")).timeout());
  }

  @Test
  void aSessionRunsItsStartupScriptsAndCodeAndUsesItsCompilerOptions() throws Exception {
    Files.writeString(temp.resolve("a.jsh"), "int fromScript() { return 40; }");
    Files.writeString(temp.resolve("b.jsh"), "int fromSecondScript() { return fromScript() + 1; }");
    StartupSettings startup =
        new StartupSettings(
            "",
            temp + "/*.jsh",
            "int fromCode = fromSecondScript() + 1;",
            List.of("-Xlint:all", "-Werror"),
            Optional.empty());
    try (JShellKernel kernel = new JShellKernel(KernelSettings.defaults(), startup)) {
      CellRecord cell = kernel.eval("fromCode");
      assertEquals(
          "42",
          cell.output()
              .events("execute_result")
              .get(0)
              .data()
              .getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
      assertEquals(1, cell.outcome().executionCount()); // start-up cells do not count
      // -Werror: a deprecation warning is an error now
      assertEquals(
          "CompileError",
          kernel.eval("Integer boxed = new Integer(5);").outcome().failure().orElseThrow().name());
    }
  }

  @Test
  void aCellRunningPastTheTimeoutIsInterrupted() {
    StartupSettings startup =
        new StartupSettings("", "", "", List.of(), Optional.of(Duration.ofMillis(300)));
    try (JShellKernel kernel = new JShellKernel(KernelSettings.defaults(), startup)) {
      CellRecord cell = kernel.eval("Thread.sleep(600_000);");
      assertInstanceOf(CellOutcome.Interrupted.class, cell.outcome());
      assertTrue(
          cell.output().stderr().contains("FLOWBOOK_TIMEOUT (300 ms)"), cell.output().stderr());
      assertTrue(kernel.eval("1 + 1").outcome().ok());
    }
  }
}
