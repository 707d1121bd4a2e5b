package flowbook.kernel.magic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The magic lines at the top of a cell, parsed once: what execution, the editor help and completion
 * all read.
 *
 * <ul>
 *   <li>The header is the cell's leading lines that are blank or start with {@code %} (after
 *       indentation); it ends at the first other line, or after the first {@code %%} line.
 *   <li>A {@code %name args} line is a line magic; a {@code %%name args} line is the cell magic,
 *       and everything after it is its body.
 *   <li>{@link #code()} is the cell with the header's magic lines emptied, so the code keeps its
 *       line numbers; {@link #blanked()} turns them into spaces instead, so offsets stay valid too.
 * </ul>
 *
 * @param lineMagics the line magics, in order
 * @param cellMagic the cell magic, if the header ends with one
 * @param code the cell with its magic lines emptied: the code after the line magics, or the cell
 *     magic's body
 * @param blanked the cell with its magic lines turned into spaces
 */
public record MagicLines(
    List<Line> lineMagics, Optional<Line> cellMagic, String code, String blanked) {

  /**
   * One magic line.
   *
   * @param index the line's index in the cell, from 0
   * @param cell true for {@code %%name}, false for {@code %name}
   * @param name the name as written, without {@code %}; empty when the line has none
   * @param arguments the text after the name, trimmed
   * @param body for a cell magic: the cell with every line up to and including this one emptied;
   *     for a line magic: the cell with every line but this one emptied and this one's name turned
   *     into spaces, so the arguments keep their column
   */
  public record Line(int index, boolean cell, String name, String arguments, String body) {}

  /** Copies the list. */
  public MagicLines {
    lineMagics = List.copyOf(lineMagics);
  }

  /** Parses the magic lines at the top of {@code code}; a cell without any has no magics. */
  public static MagicLines parse(String code) {
    String[] lines = code.split("\n", -1);
    String[] remaining = Arrays.copyOf(lines, lines.length);
    String[] blanked = Arrays.copyOf(lines, lines.length);
    List<Line> lineMagics = new ArrayList<>();
    List<Integer> lineMagicIndexes = new ArrayList<>();
    Integer cellMagicIndex = null;
    for (int index = 0; index < lines.length; index++) {
      String text = lines[index].strip();
      if (text.isEmpty()) {
        continue;
      }
      if (!text.startsWith("%")) {
        break;
      }
      remaining[index] = "";
      blanked[index] = " ".repeat(lines[index].length());
      if (text.startsWith("%%")) {
        cellMagicIndex = index;
        break;
      }
      lineMagicIndexes.add(index);
    }
    for (int index : lineMagicIndexes) {
      lineMagics.add(line(lines, index, false, null));
    }
    String rest = String.join("\n", remaining);
    Optional<Line> cellMagic =
        cellMagicIndex == null
            ? Optional.empty()
            : Optional.of(line(lines, cellMagicIndex, true, rest));
    return new MagicLines(lineMagics, cellMagic, rest, String.join("\n", blanked));
  }

  /** True when the cell starts with a magic: its first non-blank line starts with {@code %}. */
  public boolean any() {
    return !lineMagics.isEmpty() || cellMagic.isPresent();
  }

  /** True when line {@code index} of the cell is one of its magic lines. */
  public boolean isMagicLine(int index) {
    return lineMagics.stream().anyMatch(line -> line.index() == index)
        || cellMagic.filter(line -> line.index() == index).isPresent();
  }

  private static Line line(String[] lines, int index, boolean cell, String cellBody) {
    String text = lines[index].strip();
    String afterPercent = text.substring(cell ? 2 : 1);
    int nameEnd = 0;
    while (nameEnd < afterPercent.length()
        && (Character.isLetterOrDigit(afterPercent.charAt(nameEnd))
            || afterPercent.charAt(nameEnd) == '_')) {
      nameEnd++;
    }
    String name = afterPercent.substring(0, nameEnd);
    String arguments = afterPercent.substring(nameEnd).strip();
    return new Line(
        index,
        cell,
        name,
        arguments,
        cell ? cellBody : argumentsOnly(lines, index, name, arguments));
  }

  /* The arguments at their own line and column, every other character blank: code a line magic
   * runs (%time x) reports the cell's line and column. */
  private static String argumentsOnly(String[] lines, int index, String name, String arguments) {
    String[] only = new String[lines.length];
    Arrays.fill(only, "");
    int indent = lines[index].indexOf('%');
    int argumentsColumn = lines[index].indexOf(arguments, indent + 1 + name.length());
    only[index] =
        arguments.isEmpty() || argumentsColumn < 0
            ? ""
            : " ".repeat(argumentsColumn) + lines[index].substring(argumentsColumn);
    return String.join("\n", only);
  }
}
