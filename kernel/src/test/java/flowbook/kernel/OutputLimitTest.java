package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.OutputLimit;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cap on one cell's printed text, through the kernel. */
@Timeout(120)
class OutputLimitTest extends KernelTestSupport {
  private static final String DROPPED_LINE =
      "[output limit] %s of output dropped: this cell reached the limit of %s; raise it with"
          + " %%outputLimit SIZE (e.g. %%outputLimit 50MB) or FLOWBOOK_OUTPUT_LIMIT in the"
          + " kernelspec's env\n";

  @Override
  protected KernelSettings settings() {
    return KernelSettings.defaults().withOutputLimitBytes(1_000);
  }

  @Test
  void pastTheLimitTheCellRunsOnItsTextIsDroppedAndOneLineSaysHowMuch() {
    // when: 10 times the limit, from the cell's thread and a thread it starts, then a value
    CellRecord cell =
        kernel.eval(
            "for (int i = 0; i < 50; i++) System.out.println(\"x\".repeat(99));\n"
                + "Thread t = new Thread(() -> { for (int i = 0; i < 50; i++)"
                + " System.err.println(\"y\".repeat(99)); });\n"
                + "t.start(); t.join();\n"
                + "\"ran to the end\"");

    // then
    assertTrue(cell.outcome().ok(), () -> String.valueOf(cell.outcome().failure().orElseThrow()));
    assertEquals("x".repeat(99).concat("\n").repeat(10), cell.output().stdout());
    assertEquals(String.format(DROPPED_LINE, "9 KB", "1 KB"), cell.output().stderr());
    assertEquals(
        "\"ran to the end\"",
        cell.output().events("execute_result").get(0).data().getData(MIMEType.TEXT_PLAIN));
  }

  @Test
  void eachCellHasItsOwnAllowanceAndTheMagicChangesIt() {
    try {
      // when
      String shown = kernel.eval("%outputLimit 2KB").output().stdout();
      CellRecord first = kernel.eval("System.out.print(\"a\".repeat(1_500));");
      CellRecord second = kernel.eval("System.out.print(\"b\".repeat(2_500));");

      // then
      assertEquals("output limit per cell: 2 KB (FLOWBOOK_OUTPUT_LIMIT sets the default)\n", shown);
      assertEquals("a".repeat(1_500), first.output().stdout());
      assertEquals("", first.output().stderr());
      assertEquals("b".repeat(2_000), second.output().stdout());
      assertEquals(String.format(DROPPED_LINE, "500 bytes", "2 KB"), second.output().stderr());
    } finally {
      kernel.eval("%outputLimit 1000");
    }
  }

  @Test
  void theMagicRefusesWhatIsNotASize() {
    assertEquals(
        "not an output size: 'lots'; write e.g. 5MB, 500KB, 2000000 or unlimited",
        kernel.eval("%outputLimit lots").outcome().failure().orElseThrow().value());
  }

  @Test
  void sizesReadAndPrintInDecimalUnits() {
    assertEquals(5_000_000, OutputLimit.parse("5MB"));
    assertEquals(500_000, OutputLimit.parse("500 kb"));
    assertEquals(1_500_000, OutputLimit.parse("1.5M"));
    assertEquals(2_000_000_000L, OutputLimit.parse("2GB"));
    assertEquals(123, OutputLimit.parse("123"));
    assertEquals(OutputLimit.UNLIMITED, OutputLimit.parse("unlimited"));
    assertThrows(IllegalArgumentException.class, () -> OutputLimit.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> OutputLimit.parse("-5MB"));
    assertEquals("47.7 MB", OutputLimit.format(47_712_345));
    assertEquals("5 MB", OutputLimit.format(5_000_000));
    assertEquals("812 bytes", OutputLimit.format(812));
  }

  @Test
  void theEnvironmentSetsTheDefaultAndABadValueKeepsIt() {
    assertEquals(
        50_000_000,
        KernelSettings.fromEnvironment(Map.of("FLOWBOOK_OUTPUT_LIMIT", "50MB")).outputLimitBytes());
    assertEquals(
        OutputLimit.DEFAULT_BYTES,
        KernelSettings.fromEnvironment(Map.of("FLOWBOOK_OUTPUT_LIMIT", "big")).outputLimitBytes());
  }
}
