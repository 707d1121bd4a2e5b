package flowbook.kernel.magic;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's environment variables: the process's, with what {@code %env NAME=value} set on top.
 * Cells see it as {@code Env} (imported in every session).
 *
 * <p>A running JVM cannot change its own environment: {@link System#getenv} keeps returning what
 * the process started with, and child processes inherit that. So {@code %env} keeps its variables
 * here: read them with {@link #get}, and start processes with {@link #processBuilder}, which passes
 * them on.
 */
public final class Env {
  private static final Map<String, String> SET = new ConcurrentHashMap<>(); // set by %env

  private Env() {}

  /** The value of {@code name}: as set by {@code %env}, else the process's, else null. */
  public static String get(String name) {
    Objects.requireNonNull(name, "name");
    String value = SET.get(name);
    return value != null ? value : System.getenv(name);
  }

  /** Every variable, sorted by name: the process's, overridden by those set with {@code %env}. */
  public static Map<String, String> all() {
    Map<String, String> all = new TreeMap<>(System.getenv());
    all.putAll(SET);
    return all;
  }

  /**
   * Sets {@code name} for this session.
   *
   * @throws IllegalArgumentException if name is empty or contains {@code =}
   */
  public static void set(String name, String value) {
    Objects.requireNonNull(value, "value");
    if (name == null || name.isEmpty() || name.contains("=")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    SET.put(name, value);
  }

  /** True when {@code name} was set with {@code %env} (rather than inherited). */
  public static boolean isSetInSession(String name) {
    return SET.containsKey(name);
  }

  /** A {@link ProcessBuilder} for {@code command} whose environment includes the session's. */
  public static ProcessBuilder processBuilder(String... command) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(SET);
    return builder;
  }
}
