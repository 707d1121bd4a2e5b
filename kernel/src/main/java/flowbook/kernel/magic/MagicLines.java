package flowbook.kernel.magic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The magics of a cell, parsed once: what execution, the editor help and completion all read.
 *
 * <p>The rule (kernel/MAGICS.md states it for users):
 *
 * <ul>
 *   <li>A line whose text starts with {@code %} is a <b>line magic</b> when it stands where a Java
 *       statement could start: outside comments, strings and text blocks, outside parentheses and
 *       brackets, and with nothing before it but blank lines, comments, magics, or code ending in
 *       {@code ;}, <code>{</code> or <code>}</code>. Elsewhere the line is Java: {@code % b} below
 *       {@code int r = a} is the remainder operator.
 *   <li>A magic at the top level of the cell runs by itself, in order with the code around it.
 *       Inside braces (a block, a lambda body) it becomes a call of {@link
 *       Notebook#inlineMagic(String, String)} where it stands.
 *   <li>{@code %name args} right after {@code =}, {@code return} or {@code ->} (where {@code %} can
 *       never be Java) is a <b>magic as an expression</b>: its value is what the magic returns (the
 *       jars {@code %jars} added, ...). Its arguments run to the end of the line; one trailing
 *       {@code ;} ends the statement.
 *   <li>A line starting {@code %%} before any Java code is the <b>cell magic</b>: the rest of the
 *       cell is its body.
 * </ul>
 *
 * @param lineMagics the magics that run by themselves, in order
 * @param cellMagic the cell magic, if there is one
 * @param code the cell as Java runs it: magic lines emptied (so lines keep their numbers), magics
 *     used inside code written as calls; for a cell magic, its body
 * @param blanked the cell with every magic turned into spaces, for the editor's help
 * @param steps what runs, in order: pieces of code and line magics
 */
public record MagicLines(
    List<Line> lineMagics,
    Optional<Line> cellMagic,
    String code,
    String blanked,
    List<Step> steps) {

  /** The method a magic inside code is written as (public: snippets call it). */
  static final String INLINE_CALL = "flowbook.kernel.magic.Notebook.inlineMagic";

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

  /** One step of running a cell. */
  public sealed interface Step {}

  /**
   * Code to run as part of the cell.
   *
   * @param code the cell's text with every line outside this piece emptied, so errors name the
   *     cell's own lines
   * @param last whether nothing runs after it, so its value is the cell's
   */
  public record RunCode(String code, boolean last) implements Step {}

  /**
   * A line magic to run.
   *
   * @param line the magic
   */
  public record RunMagic(Line line) implements Step {}

  /** Copies the lists. */
  public MagicLines {
    lineMagics = List.copyOf(lineMagics);
    steps = List.copyOf(steps);
  }

  /** Parses {@code code}; a cell without magics has none and one step, its code. */
  public static MagicLines parse(String code) {
    return new Parser(code).parse();
  }

  /** True when the cell has a magic anywhere. */
  public boolean any() {
    return !lineMagics.isEmpty() || cellMagic.isPresent() || !code.equals(blanked);
  }

  /** True when line {@code index} of the cell is one of its magic lines (a whole line). */
  public boolean isMagicLine(int index) {
    return lineMagics.stream().anyMatch(line -> line.index() == index)
        || cellMagic.filter(line -> line.index() == index).isPresent();
  }

  /* One pass over the cell with a small Java lexer: its state at the start of each line says
   * whether a line starting with % stands where a statement could start. */
  private static final class Parser {
    private final String[] lines;
    private final String[] code; // the cell as Java runs it
    private final String[] blanked;
    private final List<Integer> topLevel = new ArrayList<>(); // indexes of top-level line magics
    private Integer cellMagicIndex;
    // lexer state, carried from line to line
    private boolean inBlockComment;
    private boolean inTextBlock;
    private int parens; // ( and [ open
    private int braces; // { open
    private char lastSignificant; // last character of code outside comments; 0 at the start
    private String lastWord = ""; // the identifier that ends the code so far, if any
    private boolean lastArrow; // the code so far ends with ->
    private boolean codeSeen; // any Java code before this line

    Parser(String cell) {
      lines = cell.split("\n", -1);
      code = Arrays.copyOf(lines, lines.length);
      blanked = Arrays.copyOf(lines, lines.length);
    }

    MagicLines parse() {
      for (int index = 0; index < lines.length; index++) {
        String text = lines[index].strip();
        if (text.startsWith("%") && !inBlockComment && !inTextBlock && atStatementStart()) {
          blanked[index] = " ".repeat(lines[index].length());
          if (text.startsWith("%%") && !codeSeen) {
            cellMagicIndex = index;
            for (int before = 0; before <= index; before++) {
              code[before] = ""; // the body keeps its lines, and only they run
            }
            for (int rest = index + 1; rest < lines.length; rest++) {
              blanked[rest] = lines[rest]; // the body is not Java, but the editor may ask
            }
            break;
          }
          if (braces == 0) {
            topLevel.add(index);
            code[index] = "";
          } else {
            int percent = lines[index].indexOf('%');
            code[index] =
                lines[index].substring(0, percent) + call(lines[index].substring(percent + 1));
          }
          continue; // a magic ends like a statement: the state stays at a statement start
        }
        lex(index);
      }
      return build();
    }

    private boolean atStatementStart() {
      return parens == 0
          && (lastSignificant == 0
              || lastSignificant == ';'
              || lastSignificant == '{'
              || lastSignificant == '}');
    }

    /** Advances the lexer over line {@code index}, rewriting a magic used as an expression. */
    private void lex(int index) {
      String line = lines[index];
      int i = 0;
      boolean inString = false;
      boolean inChar = false;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (inBlockComment) {
          if (line.startsWith("*/", i)) {
            inBlockComment = false;
            i += 2;
          } else {
            i++;
          }
        } else if (inTextBlock) {
          if (c == '\\') {
            i += 2;
          } else if (line.startsWith("\"\"\"", i)) {
            inTextBlock = false;
            significant('"');
            i += 3;
          } else {
            i++;
          }
        } else if (inString || inChar) {
          if (c == '\\') {
            i += 2;
          } else {
            if (c == (inString ? '"' : '\'')) {
              inString = false;
              inChar = false;
              significant(c);
            }
            i++;
          }
        } else if (line.startsWith("//", i)) {
          return;
        } else if (line.startsWith("/*", i)) {
          inBlockComment = true;
          i += 2;
        } else if (line.startsWith("\"\"\"", i)) {
          inTextBlock = true;
          codeSeen = true;
          i += 3;
        } else if (c == '"') {
          inString = true;
          codeSeen = true;
          i++;
        } else if (c == '\'') {
          inChar = true;
          codeSeen = true;
          i++;
        } else if (c == '%' && expectsExpression()) {
          code[index] = line.substring(0, i) + call(line.substring(i + 1));
          blanked[index] = line.substring(0, i) + " ".repeat(line.length() - i);
          significant(';');
          return;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (Character.isJavaIdentifierStart(c)) {
          int end = i + 1;
          while (end < line.length() && Character.isJavaIdentifierPart(line.charAt(end))) {
            end++;
          }
          significant(line.charAt(end - 1));
          lastWord = line.substring(i, end);
          i = end;
        } else if (line.startsWith("->", i)) {
          significant('>');
          lastArrow = true;
          i += 2;
        } else {
          switch (c) {
            case '(', '[' -> parens++;
            case ')', ']' -> parens = Math.max(0, parens - 1);
            case '{' -> braces++;
            case '}' -> braces = Math.max(0, braces - 1);
            default -> {}
          }
          significant(c);
          i++;
        }
      }
    }

    private void significant(char c) {
      lastSignificant = c;
      lastWord = "";
      lastArrow = false;
      codeSeen = true;
    }

    /* After =, return or -> a % can only be a magic: Java has no unary %. */
    private boolean expectsExpression() {
      return lastSignificant == '=' || lastArrow || lastWord.equals("return");
    }

    /** The call a magic written inside code becomes: {@code %jars a.jar;} to a call and a ;. */
    private static String call(String afterPercent) {
      String text = afterPercent.strip();
      int nameEnd = nameEnd(text);
      String name = text.substring(0, nameEnd);
      String arguments = text.substring(nameEnd).strip();
      if (arguments.endsWith(";")) {
        arguments = arguments.substring(0, arguments.length() - 1).strip();
      }
      return INLINE_CALL + "(" + literal(name) + ", " + literal(arguments) + ");";
    }

    private MagicLines build() {
      List<Line> lineMagics = new ArrayList<>();
      for (int index : topLevel) {
        lineMagics.add(line(lines, index, false, null));
      }
      String javaCode = String.join("\n", code);
      Optional<Line> cellMagic =
          cellMagicIndex == null
              ? Optional.empty()
              : Optional.of(line(lines, cellMagicIndex, true, javaCode));
      List<Step> steps = new ArrayList<>();
      int end = cellMagicIndex == null ? lines.length : cellMagicIndex;
      int pieceStart = 0;
      for (int index : topLevel) {
        addCode(steps, pieceStart, index, false);
        steps.add(new RunMagic(line(lines, index, false, null)));
        pieceStart = index + 1;
      }
      addCode(steps, pieceStart, end, cellMagicIndex == null);
      return new MagicLines(lineMagics, cellMagic, javaCode, String.join("\n", blanked), steps);
    }

    /** Adds lines [from, to) of the code as a step, unless they hold nothing but blanks. */
    private void addCode(List<Step> steps, int from, int to, boolean last) {
      String[] piece = new String[code.length];
      Arrays.fill(piece, "");
      boolean any = false;
      for (int index = from; index < to; index++) {
        piece[index] = code[index];
        any |= !code[index].isBlank();
      }
      if (any) {
        steps.add(new RunCode(String.join("\n", piece), last));
      }
    }
  }

  private static int nameEnd(String text) {
    int nameEnd = 0;
    while (nameEnd < text.length()
        && (Character.isLetterOrDigit(text.charAt(nameEnd)) || text.charAt(nameEnd) == '_')) {
      nameEnd++;
    }
    return nameEnd;
  }

  /** {@code text} as a Java string literal. */
  static String literal(String text) {
    StringBuilder literal = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> literal.append("\\\"");
        case '\\' -> literal.append("\\\\");
        case '\t' -> literal.append("\\t");
        default -> {
          if (c < ' ') {
            literal.append(String.format("\\u%04x", (int) c));
          } else {
            literal.append(c);
          }
        }
      }
    }
    return literal.append('"').toString();
  }

  private static Line line(String[] lines, int index, boolean cell, String cellBody) {
    String text = lines[index].strip();
    String afterPercent = text.substring(cell ? 2 : 1);
    int nameEnd = nameEnd(afterPercent);
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
