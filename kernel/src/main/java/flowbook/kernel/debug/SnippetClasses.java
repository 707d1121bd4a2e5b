package flowbook.kernel.debug;

import flowbook.kernel.exec.SnippetObserver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Which cell each JShell snippet class came from, and its {@link WrapperLines}: the kernel's cells
 * tell it (as the {@link SnippetObserver}), JDI asks it (a class being prepared, a frame's
 * location).
 *
 * <p>A snippet's class is loaded and prepared inside JShell's {@code eval}, before the kernel hears
 * of the snippet: a class not yet known belongs to the snippet being evaluated, whose cell and
 * first line {@link #evaluating} announced. Lookups of JShell's snippets happen while the thread
 * that runs {@code eval} waits (suspended at the class-prepare event, or joined on the snippet's
 * thread), so they do not race JShell's own updates.
 */
/* Bounds: ORIGINS snippet origins are kept (a long session forgets the oldest); mappings are made
 * on demand and cached per class name, the cache bounded the same way. */
public final class SnippetClasses implements SnippetObserver {
  private static final Logger LOG = Logger.getLogger(SnippetClasses.class.getName());
  private static final Pattern SNIPPET_CLASS = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]*");
  private static final int ORIGINS = 20_000;

  /** Where a snippet's text sits: the cell's path, its text, and the snippet's first line there. */
  public record Origin(String path, String code, int firstLine) {}

  /** A snippet class's cell and line mapping. */
  public record Mapped(Origin origin, WrapperLines lines) {}

  private final CellFiles files;
  private final Map<String, Origin> origins = bounded(); // by snippet id
  private final Map<String, Mapped> mapped = bounded(); // by outer class name
  private final Map<String, String> cellTexts =
      new ConcurrentHashMap<>(); // path -> code, for source
  private volatile JShell shell;
  private volatile Function<String, Class<?>> classes = name -> null;
  private volatile Origin current; // the snippet being evaluated, or null between cells
  private volatile String currentCode = "";
  private volatile String currentPath = "";
  private volatile Runnable cellFinished = () -> {};
  private volatile Runnable cellStarting = () -> {};
  private volatile boolean watching;
  private volatile List<SnippetWrapper> upcoming = List.of(); // the snippet being evaluated
  private volatile int upcomingUsed; // how many of upcoming were taken by prepared classes

  /** A registry naming cells with {@code files}. */
  public SnippetClasses(CellFiles files) {
    this.files = files;
  }

  private static <V> Map<String, V> bounded() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > ORIGINS;
          }
        });
  }

  /** How cells are named. */
  public CellFiles files() {
    return files;
  }

  /** Runs {@code action} after each cell (on the cell's thread). */
  void onCellFinished(Runnable action) {
    this.cellFinished = action;
  }

  /** Runs {@code action} before each cell (on the cell's thread). */
  void onCellStarting(Runnable action) {
    this.cellStarting = action;
  }

  @Override
  public boolean wantsLocalNames() {
    return true;
  }

  @Override
  public void sessionStarted(JShell shell, Function<String, Class<?>> snippetClasses) {
    this.shell = shell;
    this.classes = snippetClasses;
  }

  @Override
  public void cellStarting(String code) {
    cellStarting.run();
    currentCode = code;
    currentPath = files.path(code);
    cellTexts.put(currentPath, code);
    if (cellTexts.size() > ORIGINS) {
      cellTexts.clear(); // a very long session: sources of old cells are no longer served
      cellTexts.put(currentPath, code);
    }
  }

  @Override
  public void evaluating(int firstLine, String source) {
    current = new Origin(currentPath, currentCode, firstLine);
    List<SnippetWrapper> upcoming = List.of();
    JShell session = shell;
    if (watching && session != null) {
      try {
        upcoming = session.sourceCodeAnalysis().wrappers(source);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "no wrappers for the snippet", e);
      }
    }
    this.upcoming = upcoming;
    this.upcomingUsed = 0;
  }

  /**
   * While set, each snippet's wrapper is computed before JShell compiles it: JShell adds a snippet
   * to its list only after loading its class, and the debugger must map the class when it is
   * prepared, before it runs. Costs one more parse per snippet, so only while a client debugs.
   */
  void watch(boolean watching) {
    this.watching = watching;
  }

  @Override
  public void evaluated(List<SnippetEvent> events) {
    Origin origin = current;
    if (origin == null) {
      return;
    }
    for (SnippetEvent event : events) {
      if (event.causeSnippet() == null) {
        origins.put(event.snippet().id(), origin);
      }
    }
  }

  @Override
  public void cellFinished() {
    current = null;
    cellFinished.run();
  }

  /** Remembers {@code code} as a cell's text ({@code dumpCell}); returns its path. */
  public String remember(String code) {
    String path = files.path(code);
    cellTexts.put(path, code);
    return path;
  }

  /** The text of the cell at {@code path}, if a cell of this session had that path. */
  public Optional<String> cellText(String path) {
    return Optional.ofNullable(cellTexts.get(path));
  }

  /** The loaded snippet class named {@code binaryName}, or null. */
  Class<?> loadedClass(String binaryName) {
    return classes.apply(binaryName);
  }

  /** The JShell session, once started. */
  JShell shell() {
    return shell;
  }

  /** Whether {@code className} (binary name) is a class JShell made of a snippet. */
  public static boolean isSnippetClass(String className) {
    return SNIPPET_CLASS.matcher(className).find();
  }

  /**
   * The cell and line mapping of snippet class {@code className} (a nested class maps as its outer
   * class), or empty when it is none of a cell's (JShell's own, or forgotten).
   */
  public Optional<Mapped> lookup(String className) {
    Matcher matcher = SNIPPET_CLASS.matcher(className);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String outer = matcher.group();
    Mapped known = mapped.get(outer);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Mapped> made = make(outer);
    made.ifPresent(m -> mapped.put(outer, m));
    return made;
  }

  private Optional<Mapped> make(String outer) {
    JShell session = shell;
    if (session == null) {
      return Optional.empty();
    }
    try {
      var analysis = session.sourceCodeAnalysis();
      for (Snippet snippet : session.snippets().toList()) {
        var wrapper = analysis.wrapper(snippet);
        if (!outer.equals(wrapper.fullClassName())) {
          continue;
        }
        Origin origin = origins.get(snippet.id());
        if (origin == null) {
          origin = current;
          if (origin == null) {
            return Optional.empty();
          }
          origins.put(snippet.id(), origin);
        }
        return Optional.of(new Mapped(origin, WrapperLines.of(wrapper, origin.firstLine())));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "no line mapping for " + outer, e);
    }
    // Not in JShell's list yet: the class of the snippet being evaluated, being loaded now.
    Origin origin = current;
    List<SnippetWrapper> wrappers = upcoming;
    if (origin == null || upcomingUsed >= wrappers.size()) {
      return Optional.empty();
    }
    SnippetWrapper wrapper = wrappers.get(upcomingUsed++);
    return Optional.of(new Mapped(origin, WrapperLines.of(wrapper, origin.firstLine())));
  }
}
