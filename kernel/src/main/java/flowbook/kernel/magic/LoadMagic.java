package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code %load FILE}: runs a snippet file as part of the cell. */
final class LoadMagic {
  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+[\\w.]+\\s*;", Pattern.MULTILINE);

  private LoadMagic() {}

  static Magic magic() {
    return new Magic(
        "load",
        false,
        "FILE",
        "run a .jsh or .java snippet file",
        """
        %load FILE
          Runs the file's Java snippets (declarations, statements, imports) as if they
          were in the cell; what it declares stays in the session. Errors name the
          file's own lines ("helpers.jsh, line 3"). A package declaration is ignored,
          since snippets live in no package. Relative paths start in the kernel's
          working directory; ~ is the home directory.""",
        LoadMagic::load);
  }

  private static CellOutcome load(MagicCall call) throws MagicException {
    String name = call.arguments();
    if (name.isEmpty()) {
      throw new MagicException("usage: " + call.usage() + ", e.g. %load helpers.jsh");
    }
    if (name.length() > 1
        && (name.startsWith("\"") && name.endsWith("\"")
            || name.startsWith("'") && name.endsWith("'"))) {
      name = name.substring(1, name.length() - 1);
    }
    String expanded =
        name.equals("~") || name.startsWith("~/")
            ? System.getProperty("user.home") + name.substring(1)
            : name;
    Path file = Path.of("").toAbsolutePath().resolve(expanded).normalize();
    if (!Files.isRegularFile(file)) {
      throw new MagicException(
          "FileNotFound", "%load: " + name + " is not a file (looked at " + file + ")");
    }
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MagicException("FileNotFound", "%load: cannot read " + file + ": " + e);
    }
    Matcher packageLine = PACKAGE.matcher(source);
    if (packageLine.find()) {
      // Spaces keep every line and column where it was, for error messages.
      source =
          source.substring(0, packageLine.start())
              + " ".repeat(packageLine.end() - packageLine.start())
              + source.substring(packageLine.end());
    }
    return call.run(source.replace("\r\n", "\n"), name);
  }
}
