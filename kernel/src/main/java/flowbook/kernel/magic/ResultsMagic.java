package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import flowbook.kernel.KernelSettings;
import flowbook.kernel.exec.ResultCache;
import java.util.List;

/** {@code %results}: show or set how many expression results ({@code $N}) the session keeps. */
final class ResultsMagic {
  private ResultsMagic() {}

  static Magic magic(ResultCache results) {
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
          Variables, methods and classes you declare are never dropped, nor a result that one
          of your methods or classes refers to.""",
        call -> results(call, results));
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
