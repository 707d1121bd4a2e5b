package flowbook.kernel.magic;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;
import org.apache.commons.text.StringEscapeUtils;

/** {@code %whos}: the session's variables as a table, like IPython's. */
final class WhosMagic {
  /* Long values would make the table unreadable; IPython cuts them short too. */
  private static final int VALUE_WIDTH = 60;

  private WhosMagic() {}

  /** One row of the table. */
  private record Row(String name, String type, String value) {}

  static Magic magic(JShell shell) {
    return new Magic(
        "whos",
        false,
        "[TYPE...]",
        "list the session's variables with their types and values",
        """
        %whos [TYPE...]
          Lists the variables the session declared (JShell's own $1, $2... left out): name,
          type and the start of the value's text. With TYPE names, only variables of those
          types (as written in the declaration, e.g. int String List<Integer>).""",
        call -> {
          List<String> types = call.words();
          List<Row> rows = rows(shell, types);
          call.display(table(rows, types));
          return call.ok();
        });
  }

  private static List<Row> rows(JShell shell, List<String> types) {
    List<Row> rows = new ArrayList<>();
    shell
        .variables()
        .filter(v -> !v.name().startsWith("$"))
        .filter(v -> types.isEmpty() || types.contains(v.typeName()))
        .forEach(v -> rows.add(new Row(v.name(), v.typeName(), summary(shell, v))));
    return rows;
  }

  private static String summary(JShell shell, VarSnippet variable) {
    String value;
    try {
      value = shell.varValue(variable);
    } catch (IllegalArgumentException e) { // declared but not usable: it depends on a missing one
      return "<not initialised>";
    }
    value = value.replace("\n", "\\n");
    return value.length() <= VALUE_WIDTH ? value : value.substring(0, VALUE_WIDTH - 1) + "…";
  }

  private static DisplayData table(List<Row> rows, List<String> types) {
    if (rows.isEmpty()) {
      String none =
          types.isEmpty()
              ? "No variables yet: declare one, e.g. var n = 3;"
              : "No variables of type " + String.join(", ", types) + ".";
      return new DisplayData(none);
    }
    int nameWidth = "Variable".length();
    int typeWidth = "Type".length();
    for (Row row : rows) {
      nameWidth = Math.max(nameWidth, row.name().length());
      typeWidth = Math.max(typeWidth, row.type().length());
    }
    String format = "%-" + nameWidth + "s   %-" + typeWidth + "s   %s\n";
    StringBuilder text = new StringBuilder(format.formatted("Variable", "Type", "Value"));
    text.append("-".repeat(nameWidth + typeWidth + 6 + "Value".length())).append('\n');
    StringBuilder html =
        new StringBuilder(
            "<table class=\"flowbook-whos\"><thead><tr><th>Variable</th><th>Type</th>"
                + "<th>Value</th></tr></thead><tbody>");
    for (Row row : rows) {
      text.append(format.formatted(row.name(), row.type(), row.value()));
      html.append("<tr><td><code>")
          .append(escape(row.name()))
          .append("</code></td><td><code>")
          .append(escape(row.type()))
          .append("</code></td><td><code>")
          .append(escape(row.value()))
          .append("</code></td></tr>");
    }
    html.append("</tbody></table>");
    DisplayData data = new DisplayData(text.toString().stripTrailing());
    data.putHTML(html.toString());
    return data;
  }

  private static String escape(String text) {
    return StringEscapeUtils.escapeHtml4(text);
  }
}
