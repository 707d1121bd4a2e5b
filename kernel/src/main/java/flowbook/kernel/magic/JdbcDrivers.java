package flowbook.kernel.magic;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers the JDBC drivers a jar added to the session declares, so {@code
 * DriverManager.getConnection} finds them even when {@code DriverManager} looked for drivers before
 * the jar was added (it does so only once per JVM, through the context class loader of the thread
 * that first asked).
 */
/* Loading a JDBC 4 driver class registers it (its static initialiser calls
 * DriverManager.registerDriver); DriverManager then hands it to callers whose class loader sees that
 * class, the snippets' loader. */
final class JdbcDrivers {
  private static final Logger LOG = Logger.getLogger(JdbcDrivers.class.getName());
  private static final String SERVICE = "META-INF/services/java.sql.Driver";

  private JdbcDrivers() {}

  /**
   * Loads and initialises each driver class that {@code entry} (a jar or class folder) names in its
   * {@code META-INF/services/java.sql.Driver}, through {@code loader}; returns their names. A
   * driver that fails to load is logged and skipped: the jar stays added.
   */
  static List<String> register(Path entry, ClassLoader loader) {
    List<String> names = new ArrayList<>();
    try (URLClassLoader only = new URLClassLoader(new URL[] {entry.toUri().toURL()}, null)) {
      URL service = only.findResource(SERVICE);
      if (service == null) {
        return names;
      }
      try (InputStream in = service.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String name = line.replaceAll("#.*", "").strip();
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot read " + SERVICE + " of " + entry, e);
      return names;
    }
    for (String name : names) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        LOG.log(Level.FINE, "JDBC driver " + name + " of " + entry + " did not load", e);
      }
    }
    return names;
  }
}
