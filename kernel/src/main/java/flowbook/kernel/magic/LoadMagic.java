package flowbook.kernel.magic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
        "run a .jsh or .java snippet file, or the code cells of a notebook",
        """
        %load FILE
          Runs the file's Java snippets (declarations, statements, imports) as if they
          were in the cell; what it declares stays in the session. Errors name the
          file's own lines ("helpers.jsh, line 3"). A package declaration is ignored,
          since snippets live in no package. Relative paths start in the kernel's
          working directory; ~ is the home directory.
        %load NOTEBOOK.ipynb
          Runs the notebook's code cells in order, magics included, as part of this cell;
          the first failing cell stops it, its errors naming "NOTEBOOK.ipynb, cell N".""",
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
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ipynb")) {
      return loadNotebook(call, name, source);
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

  /* nbformat 4: cells[].cell_type and source, a string or a list of lines. */
  private static CellOutcome loadNotebook(MagicCall call, String name, String json)
      throws MagicException {
    JsonArray cells;
    try {
      JsonObject notebook = JsonParser.parseString(json).getAsJsonObject();
      cells = notebook.getAsJsonArray("cells");
    } catch (RuntimeException e) {
      throw new MagicException(
          "%load: " + name + " is not a notebook (.ipynb JSON): " + e.getMessage());
    }
    if (cells == null) {
      throw new MagicException(
          "%load: " + name + " has no \"cells\"; is it an nbformat 4 notebook?");
    }
    int number = 0;
    for (JsonElement element : cells) {
      JsonObject cell = element.getAsJsonObject();
      if (!"code".equals(cell.has("cell_type") ? cell.get("cell_type").getAsString() : "")) {
        continue;
      }
      number++;
      JsonElement source = cell.get("source");
      StringBuilder code = new StringBuilder();
      if (source != null && source.isJsonArray()) {
        source.getAsJsonArray().forEach(line -> code.append(line.getAsString()));
      } else if (source != null) {
        code.append(source.getAsString());
      }
      if (code.toString().isBlank()) {
        continue;
      }
      CellOutcome outcome =
          call.runWithMagics(code.toString().replace("\r\n", "\n"), name + ", cell " + number);
      if (!outcome.ok()) {
        return outcome;
      }
    }
    return call.ok();
  }
}
