package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.cell.Cell;
import flowbook.kernel.exec.CellRunner;
import flowbook.kernel.output.StreamName;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.List;

/**
 * One call of a magic: its arguments, its body, and the cell it belongs to.
 *
 * <p>Code a magic runs (its body, a loaded file) keeps its line numbers: {@link #body()} is the
 * cell's text with the lines before the body blanked, so errors name the cell's own lines.
 */
final class MagicCall {
  private final Magic magic;
  private final String arguments;
  private final String body;
  private final Cell cell;
  private final CellRunner runner;
  private final boolean inline; // called from a snippet: %x inside code, lineMagic(...)
  private final Magics magics; // for code with magics of its own (a loaded notebook's cells)
  private Object value; // what the magic returns where it is used as an expression

  MagicCall(
      Magic magic,
      String arguments,
      String body,
      Cell cell,
      CellRunner runner,
      Magics magics,
      boolean inline) {
    this.magics = magics;
    this.magic = magic;
    this.arguments = arguments;
    this.body = body;
    this.cell = cell;
    this.runner = runner;
    this.inline = inline;
  }

  /** What the magic returned ({@link #ok(Object)}); null for none. */
  Object value() {
    return value;
  }

  /** The text after the magic's name on its line, trimmed. */
  String arguments() {
    return arguments;
  }

  /** The arguments split at whitespace; empty when there are none. */
  List<String> words() {
    return split(arguments);
  }

  /**
   * {@code text} split at whitespace, as a shell would: quotes ({@code "a b"}, {@code 'a b'}) keep
   * a word with blanks together and are dropped.
   */
  static List<String> split(String text) {
    List<String> words = new java.util.ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * For a cell magic: the cell with every line up to and including the magic's own blanked. For a
   * line magic: the cell with every line but the magic's blanked and the magic's name replaced by
   * spaces, so {@code %time x} gives the code {@code x} at its own column.
   */
  String body() {
    return body;
  }

  int executionCount() {
    return cell.executionCount();
  }

  /** Prints {@code text} to the cell's stdout. */
  void print(String text) {
    cell.output().print(StreamName.STDOUT, text);
    cell.output().flush();
  }

  /** Shows {@code data} below the cell ({@code display_data}). */
  void display(DisplayData data) {
    cell.output().display(data);
  }

  /**
   * Runs {@code code} as (part of) this cell; errors name lines of the cell.
   *
   * @throws MagicException when the magic was called from code, which cannot run a cell inside it
   */
  CellOutcome run(String code) throws MagicException {
    refuseInline();
    return runner.run(cell, code);
  }

  /**
   * Runs {@code code} as (part of) this cell; errors name lines of {@code sourceLabel}.
   *
   * @throws MagicException when the magic was called from code, which cannot run a cell inside it
   */
  CellOutcome run(String code, String sourceLabel) throws MagicException {
    refuseInline();
    return runner.run(cell, code, sourceLabel);
  }

  /**
   * Runs {@code code} as a cell of its own would run, magics included, as part of this cell; errors
   * name lines of {@code sourceLabel}.
   *
   * @throws MagicException when the magic was called from code, which cannot run a cell inside it
   */
  CellOutcome runWithMagics(String code, String sourceLabel) throws MagicException {
    refuseInline();
    return magics.execute(MagicLines.parse(code), cell, sourceLabel);
  }

  private void refuseInline() throws MagicException {
    if (inline) {
      throw new MagicException(
          magic.invocation()
              + " runs code, which it cannot do from inside code: put it on a line of its own,"
              + " outside braces, or use eval(\"...\")");
    }
  }

  /**
   * The outcome of a magic that succeeded and returns {@code value} where used as an expression.
   */
  CellOutcome ok(Object value) {
    this.value = value;
    return ok();
  }

  /**
   * Runs {@code work} as this cell's, stopped by an interrupt (the thread is interrupted).
   *
   * @throws MagicException when the magic was called from code, where the snippet's own interrupt
   *     applies: the work runs directly then
   */
  CellOutcome runInterruptibly(CellRunner.InterruptibleWork work) {
    if (inline) {
      try {
        return work.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new CellOutcome.Interrupted(
            cell.executionCount(), flowbook.kernel.exec.ErrorFormatter.interrupted());
      }
    }
    return runner.runInterruptibly(cell, work);
  }

  /** The cell this call belongs to. */
  Cell cell() {
    return cell;
  }

  /** The outcome of a magic that succeeded. */
  CellOutcome ok() {
    return new CellOutcome.Completed(cell.executionCount());
  }

  /** The magic's usage line, for error messages: {@code %maven COORDINATES...}. */
  String usage() {
    return magic.invocation() + (magic.usage().isEmpty() ? "" : " " + magic.usage());
  }
}
