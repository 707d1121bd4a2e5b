package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.KernelSettings;
import flowbook.kernel.exec.ResultCache;
import flowbook.kernel.output.OutputLimit;
import java.util.List;

/**
 * The magics of the session's settings, each also set by an environment variable of the kernelspec
 * ({@link KernelSettings}): {@code %results} (how many expression results stay addressable), {@code
 * %outputLimit} (how much text one cell may print).
 */
final class SettingsMagics {
  private SettingsMagics() {}

  static List<Magic> magics(ResultCache results, OutputLimit outputLimit) {
    return List.of(results(results), outputLimit(outputLimit));
  }

  private static Magic results(ResultCache results) {
    return new Magic(
        "results",
        false,
        "[N]",
        "show or set how many expression results ($1, $2, ...) stay addressable",
        """
        %results         shows how many expression results the session keeps, and which
        %results N       keeps the latest N from now on (0 keeps none); with fewer than now,
                         the oldest are dropped at once
          Each expression's value is kept as a variable $N. The latest ones stay (the default
          is 100, or FLOWBOOK_RESULT_CACHE in the kernelspec's env); older ones are dropped so
          that a long session stays fast and small, and using one is a compile error saying so.
          Variables, methods and classes you declare are never dropped, nor a result that a
          later cell names ($12 in int f() { return $12; }).""",
        call -> results(call, results));
  }

  private static Magic outputLimit(OutputLimit limit) {
    return new Magic(
        "outputLimit",
        false,
        "[SIZE]",
        "show or set how much text one cell may print (stdout and stderr together)",
        """
        %outputLimit          shows the limit
        %outputLimit SIZE     sets it for the cells that start from now on: 50MB, 500KB,
                              2000000 (bytes) or unlimited
          Past the limit a cell keeps running, but what it prints is dropped, and one line
          at its end says how much was. The default is 5 MB, or FLOWBOOK_OUTPUT_LIMIT in
          the kernelspec's env.""",
        call -> outputLimit(call, limit));
  }

  private static CellOutcome outputLimit(MagicCall call, OutputLimit limit) throws MagicException {
    if (!call.arguments().isEmpty()) {
      try {
        limit.set(OutputLimit.parse(call.arguments()));
      } catch (IllegalArgumentException e) {
        throw new MagicException(e.getMessage());
      }
    }
    call.print(
        "output limit per cell: "
            + OutputLimit.format(limit.bytes())
            + " ("
            + OutputLimit.VARIABLE
            + " sets the default)\n");
    return call.ok();
  }

  private static CellOutcome results(MagicCall call, ResultCache results) throws MagicException {
    List<String> words = call.words();
    if (words.size() > 1) {
      throw new MagicException("one number at most; usage: " + call.usage());
    }
    if (words.size() == 1) {
      int size;
      try {
        size = Integer.parseInt(words.get(0));
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0) {
        throw new MagicException(
            "%results needs a whole number, 0 or more (e.g. %results 500), not " + words.get(0));
      }
      results.resize(size);
    }
    List<Integer> kept = results.keptNumbers();
    call.print(
        "keeping the latest "
            + results.capacity()
            + " results ("
            + KernelSettings.RESULT_CACHE_VARIABLE
            + " sets the default); "
            + (kept.isEmpty()
                ? "none kept now"
                : kept.size() + " kept now: $" + kept.getFirst() + " to $" + kept.getLast())
            + "\n");
    return call.ok();
  }
}
