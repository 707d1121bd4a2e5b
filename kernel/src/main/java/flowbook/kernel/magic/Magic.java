package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;

/**
 * One magic: its name as users write it, how it is called, and what it does.
 *
 * @param name the name without {@code %}, in its usual spelling ({@code mavenRepo}); calls match it
 *     ignoring case
 * @param cell true for a cell magic ({@code %%name} on the first line, the rest of the cell is its
 *     body), false for a line magic
 * @param usage the arguments, as shown in help ({@code PATH|GLOB...})
 * @param summary one line for {@code %lsmagic}
 * @param help the full help, shown by {@code %name?}
 * @param handler what runs
 */
record Magic(
    String name, boolean cell, String usage, String summary, String help, Handler handler) {

  /** The code behind a magic. */
  @FunctionalInterface
  interface Handler {
    /**
     * Runs the magic.
     *
     * @return how the cell (or, for a line magic, this line) ended: a failed outcome stops the cell
     * @throws MagicException for wrong arguments and failures the user can fix, shown as such
     * @throws Exception anything else, shown with its type and message
     */
    CellOutcome run(MagicCall call) throws Exception;
  }

  /** How the magic is written: {@code %name} or {@code %%name}. */
  String invocation() {
    return (cell ? "%%" : "%") + name;
  }
}
