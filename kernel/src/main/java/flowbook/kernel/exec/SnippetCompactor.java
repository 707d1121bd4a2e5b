package flowbook.kernel.exec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Keeps a long JShell session small and its cells as fast as its live declarations allow: after
 * each cell, what JShell keeps for snippets that can no longer run again or be named is released.
 *
 * <ul>
 *   <li>Statements and expressions that have run (not {@code $N} results: {@link ResultCache} owns
 *       those) are dropped once {@link #RECENT_RUN_ONCE} newer ones have run: nothing can name
 *       them, and until then an error in code they made (a lambda kept somewhere) still names its
 *       cell and line.
 *   <li>Snippets that are no longer active (dropped, overwritten by a new definition, rejected) are
 *       forgotten: they leave {@link JShell#snippets()}, and their wrapper sources and compiled
 *       classes leave the compiler's view. Active definitions and their classes are never touched;
 *       classes already loaded stay loaded, so code that still runs keeps working (an error in it
 *       shows JShell's class name instead of a cell line).
 *   <li>This reaches into JShell's internals (it needs {@code --add-opens
 *       jdk.jshell/jdk.jshell=ALL-UNNAMED}, which the kernel jar's manifest gives). Where those
 *       internals are closed or differ from the JDK 17-25 layout, the compactor does nothing at all
 *       and says so once in the log; the session works as before, only growing.
 * </ul>
 *
 * <p>Used on the thread that runs cells only, between cells.
 */
/* Why (bench/kernel/README.md, "Where a long session's time and heap go"): JShell keeps every
 * snippet ever evaluated, each with its wrapper's source, whose header has an import line per
 * active declaration; those strings were four fifths of the heap's growth. And every javac task
 * lists the REPL package, which holds every class ever compiled, and enters a symbol for each;
 * with the copies of the full snippet list JShell makes per task, that was half the time growth.
 * Dropping through JShell's API alone frees nothing (measured): a dropped snippet stays listed. */
public final class SnippetCompactor {
  private static final Logger LOG = Logger.getLogger(SnippetCompactor.class.getName());
  private static final String WRAPPER_PREFIX = "REPL.$JShell$"; // JShell's wrapper classes

  /** How many run statements and expressions stay before the oldest is dropped. */
  public static final int RECENT_RUN_ONCE = 100;

  private final JShell shell;
  private final int recentRunOnce;
  private final Set<Snippet> runOnce = new LinkedHashSet<>(); // active ones, oldest first
  private Internals internals; // null when JShell's internals cannot be reached

  /** A compactor of {@code shell}; looks up JShell's internals once, logging when it cannot. */
  public SnippetCompactor(JShell shell) {
    this(shell, RECENT_RUN_ONCE, true);
  }

  /**
   * A compactor keeping {@code recentRunOnce} run statements; with {@code forgetInactive} false it
   * behaves as where JShell's internals are closed (for tests).
   */
  SnippetCompactor(JShell shell, int recentRunOnce, boolean forgetInactive) {
    this.shell = shell;
    this.recentRunOnce = recentRunOnce;
    this.internals = forgetInactive ? Internals.of(shell) : null;
  }

  /** True when the compactor works: JShell's internals could be reached. */
  public boolean forgetsInactiveSnippets() {
    return internals != null;
  }

  /**
   * Drops the oldest run statements and expressions beyond {@link #RECENT_RUN_ONCE}, then forgets
   * inactive snippets; does nothing where JShell's internals cannot be reached. Call it between
   * cells, never while a snippet is being evaluated.
   */
  public void afterCell() {
    if (internals == null) {
      return;
    }
    try {
      for (Snippet snippet : shell.snippets().toList()) {
        if (isRunOnce(snippet) && shell.status(snippet).isActive()) {
          runOnce.add(snippet); // in the order JShell evaluated them
        }
      }
      for (var oldest = runOnce.iterator(); runOnce.size() > recentRunOnce; ) {
        Snippet snippet = oldest.next();
        oldest.remove();
        if (shell.status(snippet).isActive()) {
          shell.drop(snippet);
        }
      }
      internals.forgetInactive(shell);
    } catch (IllegalStateException e) { // the session was closed: nothing left to keep small
      internals = null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      internals = null;
      LOG.log(Level.INFO, "JShell's internals differ; inactive snippets are kept", e);
    }
  }

  private static boolean isRunOnce(Snippet snippet) {
    return snippet.kind() == Snippet.Kind.STATEMENT || snippet.kind() == Snippet.Kind.EXPRESSION;
  }

  /** The fields of JShell's implementation that hold snippets, wrappers and compiled classes. */
  private record Internals(
      Set<Snippet> allSnippets, // SnippetMaps.snippets: every snippet ever, in order
      List<Snippet> latestByKey, // SnippetMaps.keyIndexToSnippet: the newest snippet of each key
      Map<String, ?> wrappers, // OuterWrapMap.classOuters: simple class name -> wrapper source
      Map<String, ?> classFiles, // MemoryFileManager.classObjects: binary name -> class bytes
      Method classFullName) { // Snippet.classFullName(): "REPL.$JShell$12B"

    @SuppressWarnings("unchecked")
    static Internals of(JShell shell) {
      try {
        Object maps = field(shell, "maps");
        Object fileManager = field(field(shell, "taskFactory"), "fileManager");
        Method classFullName = Snippet.class.getDeclaredMethod("classFullName");
        classFullName.setAccessible(true);
        return new Internals(
            (Set<Snippet>) field(maps, "snippets"),
            (List<Snippet>) field(maps, "keyIndexToSnippet"),
            (Map<String, ?>) field(field(shell, "outerMap"), "classOuters"),
            (Map<String, ?>) field(fileManager, "classObjects"),
            classFullName);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(
            Level.INFO,
            "JShell's internals cannot be reached (add --add-opens jdk.jshell/jdk.jshell"
                + "=ALL-UNNAMED); inactive snippets are kept: "
                + e);
        return null;
      }
    }

    void forgetInactive(JShell shell) throws ReflectiveOperationException {
      Set<String> liveClasses = new HashSet<>(); // the wrapper classes of active snippets
      for (Snippet snippet : allSnippets) {
        if (shell.status(snippet).isActive()) {
          liveClasses.add((String) classFullName.invoke(snippet));
        }
      }
      // Only now change anything, so that a failure above leaves JShell as it was.
      allSnippets.removeIf(snippet -> !shell.status(snippet).isActive());
      latestByKey.replaceAll(
          snippet -> snippet == null || shell.status(snippet).isActive() ? snippet : null);
      wrappers.keySet().removeIf(name -> !liveClasses.contains("REPL." + name));
      classFiles.keySet().removeIf(name -> isDeadWrapper(name, liveClasses));
    }

    /** True for a class of a wrapper (or nested in one) that no active snippet lives in. */
    private static boolean isDeadWrapper(String binaryName, Set<String> liveClasses) {
      if (!binaryName.startsWith(WRAPPER_PREFIX)) {
        return false;
      }
      int nested = binaryName.indexOf('$', WRAPPER_PREFIX.length());
      String topLevel = nested < 0 ? binaryName : binaryName.substring(0, nested);
      return !liveClasses.contains(topLevel);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
      Field field = owner.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(owner);
    }
  }
}
