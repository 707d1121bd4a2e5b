package flowbook.kernel;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void smoke() throws Exception {
    try (JShellKernel kernel = new JShellKernel()) {
      for (String cell :
          new String[] {
            "1 + 1",
            "int x = 5;\nx",
            "System.out.println(\"hi\");",
            "int y = \"a\";",
            "int f(int n) {\n  return 10 / n;\n}\nf(0)",
            "System.exit(3)",
            "x",
            "html(\"<b>x</b>\")",
            "{ int z = 0; while (true) { z++; if (z < 0) break; } }",
          }) {
        if (cell.startsWith("{")) {
          new Thread(
                  () -> {
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                    }
                    kernel.interrupt();
                  })
              .start();
        }
        CellRecord r = kernel.eval(cell);
        flowbook.kernel.output.OutputRouter.processErr()
            .println("=== " + cell + "\n" + r.outcome() + "\n" + r.output().events());
      }
    }
  }
}
