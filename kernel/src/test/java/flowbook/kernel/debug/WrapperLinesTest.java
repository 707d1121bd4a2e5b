package flowbook.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.KernelSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * JShell's wrapper lines map to the cell's own lines: cells call {@link LineProbe}, which records
 * the calling frame as the JVM (and so JDI) sees it, a wrapper class and a wrapper line; the
 * mapping must name the cell and the line the call is written on, and map that line back to the
 * frame's.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrapperLinesTest {
  private final CellFiles files = new CellFiles("cells/", CellFiles.SEED, ".jsh");
  private SnippetClasses classes;
  private JShellKernel kernel;

  @BeforeAll
  void start() {
    classes = new SnippetClasses(files);
    kernel = new JShellKernel(KernelSettings.defaults(), classes);
    classes.shell().addToClasspath(testClasses());
  }

  @AfterAll
  void close() {
    kernel.close();
  }

  @BeforeEach
  void clearHits() {
    LineProbe.HITS.clear();
  }

  @Test
  void snippetsOfOneCellMapToTheirOwnLinesPastCommentsAndMagics() {
    String cell =
        """
        %%time
        // a comment, then several snippets
        int a = 1;
        flowbook.kernel.debug.LineProbe.hit();
        int b = a +
            flowbook.kernel.debug.LineProbe.hitValue();
        /* a block
           comment */ flowbook.kernel.debug.LineProbe.hitValue() + b""";

    run(cell);

    assertHitsOn(cell, 4, 6, 8);
  }

  @Test
  void methodsLambdasNestedAndAnonymousClassesMapToTheLinesTheyAreWrittenOn() {
    String definitions =
        """
        int twice(int x) {
          flowbook.kernel.debug.LineProbe.hit();
          return 2 * x;
        }
        class Box {
          int get() {
            flowbook.kernel.debug.LineProbe.hit();
            return 1;
          }
        }
        Runnable r = () -> {
          flowbook.kernel.debug.LineProbe.hit();
        };""";
    String calls =
        """
        twice(1);
        new Box().get();
        r.run();
        new Object() {
          @Override public String toString() {
            flowbook.kernel.debug.LineProbe.hit();
            return "";
          }
        }.toString();""";
    run(definitions);

    run(calls);

    List<StackWalker.StackFrame> hits = List.copyOf(LineProbe.HITS);
    assertEquals(4, hits.size(), hits.toString());
    assertHit(hits.get(0), definitions, 2);
    assertHit(hits.get(1), definitions, 7);
    assertHit(hits.get(2), definitions, 12);
    assertHit(hits.get(3), calls, 6);
  }

  @Test
  void jshellsOwnLinesMapToNoCellLine() {
    String cell = "int c = flowbook.kernel.debug.LineProbe.hitValue();";
    run(cell);
    StackWalker.StackFrame hit = LineProbe.HITS.get(0);
    WrapperLines lines = classes.lookup(hit.getClassName()).orElseThrow().lines();

    // the field JShell declares for c reads as the user's "int c" too; it holds no bytecode
    assertTrue(
        lines.wrapperLines(1).contains(hit.getLineNumber()), lines.wrapperLines(1)::toString);
    assertEquals(0, lines.cellLine(1), "the package line is JShell's");
    assertEquals(0, lines.cellLine(hit.getLineNumber() - 2), "the do_it$ header is JShell's");
  }

  private void run(String cell) {
    CellRecord record = kernel.eval(cell);
    assertTrue(record.outcome().ok(), record.toString());
  }

  private void assertHitsOn(String cell, int... expectedLines) {
    List<StackWalker.StackFrame> hits = List.copyOf(LineProbe.HITS);
    assertEquals(expectedLines.length, hits.size(), hits.toString());
    for (int i = 0; i < expectedLines.length; i++) {
      assertHit(hits.get(i), cell, expectedLines[i]);
    }
  }

  private void assertHit(StackWalker.StackFrame hit, String cell, int expectedLine) {
    SnippetClasses.Mapped mapped = classes.lookup(hit.getClassName()).orElseThrow();
    assertEquals(files.path(cell), mapped.origin().path(), hit.toString());
    assertEquals(expectedLine, mapped.lines().cellLine(hit.getLineNumber()), hit.toString());
    assertTrue(
        mapped.lines().wrapperLines(expectedLine).contains(hit.getLineNumber()),
        "cell line " + expectedLine + " maps back to " + hit);
  }

  private static String testClasses() {
    try {
      return Path.of(LineProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
