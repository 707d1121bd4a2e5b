package flowbook.kernel;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() throws Exception {
    var log = flowbook.kernel.output.OutputRouter.processErr();
    try (JShellKernel kernel = new JShellKernel()) {
      var sca = kernel.getClass();
      for (int round = 0; round < 3; round++) {
        long[] t = new long[30];
        for (int i = 0; i < t.length; i++) {
          long s = System.nanoTime();
          kernel.eval("1 + 1");
          t[i] = (System.nanoTime() - s) / 1000;
        }
        java.util.Arrays.sort(t);
        log.println("eval 1+1 p50 us " + t[15] + " max " + t[29]);
      }
      jdk.jshell.JShell js = jdk.jshell.JShell.builder().executionEngine("local").build();
      for (int round = 0; round < 3; round++) {
        long[] t = new long[30];
        for (int i = 0; i < t.length; i++) {
          long s = System.nanoTime();
          js.eval("1 + 1");
          t[i] = (System.nanoTime() - s) / 1000;
        }
        java.util.Arrays.sort(t);
        log.println("raw jshell 1+1 p50 us " + t[15] + " max " + t[29]);
      }
      long s = System.nanoTime();
      for (int i = 0; i < 30; i++) js.sourceCodeAnalysis().analyzeCompletion("1 + 1");
      log.println("analyze us " + (System.nanoTime() - s) / 30000);
    }
  }
}
