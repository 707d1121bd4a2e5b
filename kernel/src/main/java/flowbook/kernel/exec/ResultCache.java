package flowbook.kernel.exec;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * The session's expression results ({@code $1}, {@code $2}, ...), bounded like IPython's {@code
 * Out} cache: the latest {@link #capacity()} results stay addressable, older ones are dropped from
 * JShell and their values released.
 *
 * <ul>
 *   <li>Variables, methods, classes and imports the user declared are never dropped; only the
 *       {@code $N} variables JShell makes for expressions are.
 *   <li>A result that a later snippet names ({@code int f() { return $3; }}, {@code var g = () ->
 *       $3;}, {@code $3 * 2}) is kept as long as the session lives: code compiled against it reads
 *       it when it runs, so dropping it would break that code.
 *   <li>Referring to a dropped result is a compile error that says so and how to keep more ({@link
 *       #explain(String)}).
 * </ul>
 *
 * <p>Used on the thread that runs cells only (one cell at a time).
 */
/* Why: JShell keeps every expression's value as a $N variable forever, and compiles each new
 * snippet against an import of every one of them, so a cell costs more with every cell before it
 * (measured: 15 ms per cell at 1,000 cells, 64 ms at 3,000; with the latest 100 kept, 9 to 11 ms).
 * JShell's class loader keeps a dropped variable's class, and the class its static field, so the
 * value is released by clearing that field. */
public final class ResultCache {
  private static final Logger LOG = Logger.getLogger(ResultCache.class.getName());

  /** How many results a session keeps unless configured otherwise. */
  public static final int DEFAULT_CAPACITY = 100;

  private static final Pattern RESULT_NAME = Pattern.compile("\\$(\\d+)\\b");
  private static final Pattern MISSING_RESULT =
      Pattern.compile("cannot find symbol\\s+symbol:\\s+variable \\$(\\d+)\\b[^\\n]*");

  /** One result: JShell's variable and the wrapper class holding its value. */
  private record Result(VarSnippet snippet, int number, Class<?> wrapper) {}

  private final JShell shell;
  private final ArrayDeque<Result> kept = new ArrayDeque<>(); // oldest first, pinned ones too
  private final Set<Integer> pinned = new HashSet<>(); // numbers a later snippet names
  private int capacity;
  private int newestDropped; // the highest number dropped so far, 0 when none

  /**
   * A cache of {@code capacity} results of {@code shell}.
   *
   * @throws IllegalArgumentException if capacity is negative
   */
  public ResultCache(JShell shell, int capacity) {
    this.shell = shell;
    this.capacity = checked(capacity);
  }

  /** How many results are kept. */
  public int capacity() {
    return capacity;
  }

  /** The numbers of the results kept now, oldest first. */
  public List<Integer> keptNumbers() {
    return kept.stream().map(Result::number).toList();
  }

  /**
   * Keeps {@code capacity} results from now on, dropping the oldest at once when there are more.
   *
   * @throws IllegalArgumentException if capacity is negative
   */
  public void resize(int capacity) {
    this.capacity = checked(capacity);
    evict();
  }

  /**
   * Notes a snippet that was just evaluated and is active: the results it names are pinned, and a
   * result ({@code $N}) joins the cache (its value held by {@code wrapper}, the class whose method
   * computed it, or null when not known). Then drops what exceeds the capacity.
   */
  void note(Snippet snippet, Class<?> wrapper) {
    // Compiled code reads a result through its wrapper's static field whenever it runs (a method,
    // a lambda kept in a variable), so a result that code names must stay. Text is enough: a
    // "$3" inside a string literal only keeps one more value.
    Matcher names = RESULT_NAME.matcher(snippet.source());
    while (names.find()) {
      pinned.add(Integer.parseInt(names.group(1)));
    }
    if (snippet instanceof VarSnippet variable && isResult(variable)) {
      number(variable.name())
          .ifPresent(number -> kept.addLast(new Result(variable, number, wrapper)));
    }
    evict();
  }

  /**
   * {@code message} of a compile diagnostic, rewritten to say so when it is "cannot find symbol"
   * for a result this cache dropped; other messages unchanged.
   */
  public String explain(String message) {
    Matcher missing = MISSING_RESULT.matcher(message);
    if (!missing.find() || Integer.parseInt(missing.group(1)) > newestDropped) {
      return message;
    }
    String name = "$" + missing.group(1);
    String rewritten =
        name
            + " was dropped: the kernel keeps the results of the latest "
            + capacity
            + " expressions"
            + (kept.isEmpty() ? "" : " (now $" + kept.getFirst().number() + " and later)")
            + "\n  to keep more, run %results N (e.g. %results 1000) or set FLOWBOOK_RESULT_CACHE"
            + " in the kernelspec's env; to keep one value, assign it to a variable";
    return message.substring(0, missing.start()) + rewritten + message.substring(missing.end());
  }

  private void evict() {
    int unpinned = (int) kept.stream().filter(r -> !pinned.contains(r.number())).count();
    var oldestFirst = kept.iterator();
    while (unpinned > capacity && oldestFirst.hasNext()) {
      Result result = oldestFirst.next();
      if (pinned.contains(result.number())) {
        continue;
      }
      oldestFirst.remove();
      unpinned--;
      drop(result);
    }
  }

  private void drop(Result result) {
    newestDropped = Math.max(newestDropped, result.number());
    if (shell.status(result.snippet()).isActive()) {
      shell.drop(result.snippet());
    }
    releaseValue(result);
  }

  private static void releaseValue(Result result) {
    if (result.wrapper() == null) {
      return;
    }
    try {
      Field field = result.wrapper().getField(result.snippet().name());
      if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
        field.setAccessible(true); // the wrapper class is not public; its module is open
        field.set(null, null);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Another JShell's wrapper layout: the value stays until the session ends.
      LOG.log(Level.FINE, "cannot release the value of " + result.snippet().name(), e);
    }
  }

  private static boolean isResult(VarSnippet variable) {
    return variable.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  private static Optional<Integer> number(String name) {
    Matcher matcher = RESULT_NAME.matcher(name);
    return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  private static int checked(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "the result cache needs a size of 0 or more, not " + capacity);
    }
    return capacity;
  }
}
