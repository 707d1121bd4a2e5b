package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.output.CellError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code %load}: a snippet file runs as part of the cell, its errors name the file's lines. */
class LoadMagicTest extends MagicKernelTest {
  @Test
  void loadRunsASnippetFileWhoseDeclarationsStay() throws Exception {
    Path file = temp.resolve("helpers.jsh");
    Files.writeString(
        file,
        "// helpers\nint twice(int x) {\n  return 2 * x;\n}\nSystem.out.println(\"loaded\");\n");
    assertEquals("loaded\n", ok("%load " + file).output().stdout());
    assertEquals("42", result(ok("twice(21)")));
  }

  @Test
  void loadErrorsNameTheFilesLines() throws Exception {
    Path compile = temp.resolve("broken.jsh");
    Files.writeString(compile, "int a = 1;\n\nint b = missing + 1;\n");
    CellError error = failing("%load " + compile);
    assertEquals("CompileError", error.name());
    assertTrue(
        error.traceback().get(0).startsWith(compile + ", line 3, column 9"),
        error.traceback().get(0));

    Path runtime = temp.resolve("Thrower.java");
    Files.writeString(
        runtime,
        "package demo;\n\nvoid boom() {\n  throw new IllegalStateException(\"from the file\");\n}\n");
    ok("%load " + runtime);
    CellError thrown = failing("boom()");
    assertEquals("java.lang.IllegalStateException", thrown.name());
    String trace = String.join("\n", thrown.traceback());
    assertTrue(trace.contains(runtime + ", line 4"), trace);
    assertEquals("FileNotFound", failing("%load " + temp.resolve("absent.jsh")).name());
  }
}
