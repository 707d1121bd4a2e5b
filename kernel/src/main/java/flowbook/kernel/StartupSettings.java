package flowbook.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What a session does when it starts, JJava's and IJava's start-up settings under Flowbook's names;
 * their {@code JJAVA_} and {@code IJAVA_} names are read too (Flowbook's first).
 *
 * @param classPath {@code FLOWBOOK_CLASSPATH}: jars, folders and globs, separated by the platform's
 *     path separator, added as {@code %classpath} adds them
 * @param startupScriptsPath {@code FLOWBOOK_STARTUP_SCRIPTS_PATH}: {@code .jsh} files (globs,
 *     path-separated), each run as a hidden cell, in order
 * @param startupScript {@code FLOWBOOK_STARTUP_SCRIPT}: code run as a hidden cell after them
 * @param compilerOptions {@code FLOWBOOK_COMPILER_OPTS}: options for the compiler of every snippet,
 *     separated by blanks ({@code -Xlint:all})
 * @param timeout {@code FLOWBOOK_TIMEOUT}: milliseconds a cell may run before it is interrupted
 *     (empty: no limit; JJava's {@code -1} means none too)
 */
public record StartupSettings(
    String classPath,
    String startupScriptsPath,
    String startupScript,
    List<String> compilerOptions,
    Optional<Duration> timeout) {
  private static final Logger LOG = Logger.getLogger(StartupSettings.class.getName());

  /** Copies the list. */
  public StartupSettings {
    compilerOptions = List.copyOf(compilerOptions);
  }

  /** Nothing at start-up, no time limit. */
  public static StartupSettings none() {
    return new StartupSettings("", "", "", List.of(), Optional.empty());
  }

  /**
   * The settings {@code environment} gives; a timeout that is not a number is logged and ignored.
   */
  public static StartupSettings fromEnvironment(Map<String, String> environment) {
    String options = read(environment, "COMPILER_OPTS");
    String timeoutText = read(environment, "TIMEOUT");
    Optional<Duration> timeout = Optional.empty();
    if (!timeoutText.isBlank()) {
      try {
        long millis = Long.parseLong(timeoutText.strip());
        timeout = millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
      } catch (NumberFormatException e) {
        LOG.warning(
            "FLOWBOOK_TIMEOUT=" + timeoutText + " is not a number of milliseconds; no time limit");
      }
    }
    return new StartupSettings(
        read(environment, "CLASSPATH"),
        read(environment, "STARTUP_SCRIPTS_PATH"),
        read(environment, "STARTUP_SCRIPT"),
        options.isBlank() ? List.of() : List.of(options.strip().split("\\s+")),
        timeout);
  }

  /**
   * The hidden cells these settings make, in order: a {@code %classpath} per class path entry, a
   * {@code %load} per start-up script (globs expanded, sorted), then the start-up code.
   */
  public List<String> cells() {
    List<String> cells = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        cells.add("%classpath \"" + entry.strip() + "\"");
      }
    }
    for (String entry : startupScriptsPath.split(File.pathSeparator)) {
      for (Path script : scripts(entry.strip())) {
        cells.add("%load \"" + script + "\"");
      }
    }
    if (!startupScript.isBlank()) {
      cells.add(startupScript);
    }
    return cells;
  }

  /** The files {@code entry} names: a file, or a glob in its last part ({@code dir/*.jsh}). */
  private static List<Path> scripts(String entry) {
    if (entry.isEmpty()) {
      return List.of();
    }
    Path path = Path.of(entry).toAbsolutePath();
    String last = path.getFileName().toString();
    if (!last.contains("*") && !last.contains("?")) {
      return List.of(path);
    }
    List<Path> found = new ArrayList<>();
    try (var files = Files.newDirectoryStream(path.getParent(), last)) {
      files.forEach(found::add);
    } catch (IOException e) {
      LOG.warning("start-up scripts: cannot read " + path.getParent() + ": " + e);
    }
    found.sort(null);
    return found;
  }

  private static String read(Map<String, String> environment, String name) {
    for (String prefix : List.of("FLOWBOOK_", "JJAVA_", "IJAVA_")) {
      String value = environment.get(prefix + name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }
}
