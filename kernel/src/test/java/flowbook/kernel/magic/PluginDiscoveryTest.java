package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Libraries added with {@code %maven} that discover their plug-ins through the context class
 * loader: a JDBC driver through {@code DriverManager}, an engine through {@code ServiceLoader} (as
 * DJL finds its engines), from the cell, from a thread the cell starts and from a generator body.
 */
class PluginDiscoveryTest extends MagicKernelTest {
  private static final String ENGINE =
      """
      package test.engines;
      public interface Engine { String name(); }
      """;
  private static final String ENGINES =
      """
      package test.engines;
      import java.util.List;
      import java.util.ServiceLoader;
      /** What DJL's Engine.getInstance does: ask the context class loader's services. */
      public final class Engines {
        public static List<String> names() {
          return ServiceLoader.load(Engine.class).stream().map(p -> p.get().name()).toList();
        }
      }
      """;
  private static final String FAST_ENGINE =
      """
      package test.engines.fast;
      public final class FastEngine implements test.engines.Engine {
        public String name() { return "fast"; }
      }
      """;
  private static final String DRIVER =
      """
      package test.jdbc;
      import java.lang.reflect.Proxy;
      import java.sql.*;
      import java.util.Properties;
      import java.util.logging.Logger;
      /** A JDBC driver for jdbc:fake:NAME URLs whose connections report NAME as their catalog. */
      public final class FakeDriver implements Driver {
        static {
          try {
            DriverManager.registerDriver(new FakeDriver());
          } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
          }
        }
        public Connection connect(String url, Properties info) {
          if (!acceptsURL(url)) return null;
          String name = url.substring("jdbc:fake:".length());
          return (Connection) Proxy.newProxyInstance(
              FakeDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
              (proxy, method, args) -> switch (method.getName()) {
                case "getCatalog" -> name;
                case "close" -> null;
                case "toString" -> "fake connection " + name;
                default -> throw new SQLFeatureNotSupportedException(method.getName());
              });
        }
        public boolean acceptsURL(String url) { return url.startsWith("jdbc:fake:"); }
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
          return new DriverPropertyInfo[0];
        }
        public int getMajorVersion() { return 1; }
        public int getMinorVersion() { return 0; }
        public boolean jdbcCompliant() { return false; }
        public Logger getParentLogger() { return Logger.getLogger("test.jdbc"); }
      }
      """;

  @BeforeAll
  void publishPlugins() throws Exception {
    TestRepository repository = new TestRepository(temp.resolve("plugins-remote"));
    repository.publishClasses(
        "test.plugins:engine-api:1.0",
        Map.of("test.engines.Engine", ENGINE, "test.engines.Engines", ENGINES),
        Map.of(),
        List.of());
    Path api = repository.jarOf("test.plugins:engine-api:1.0");
    repository.publishClasses(
        "test.plugins:engine-fast:1.0",
        Map.of("test.engines.fast.FastEngine", FAST_ENGINE),
        Map.of("META-INF/services/test.engines.Engine", "test.engines.fast.FastEngine\n"),
        List.of(api),
        "test.plugins:engine-api:1.0");
    repository.publishClasses(
        "test.plugins:fake-jdbc:1.0",
        Map.of("test.jdbc.FakeDriver", DRIVER),
        Map.of("META-INF/services/java.sql.Driver", "# the driver\ntest.jdbc.FakeDriver\n"),
        List.of());
    ok("%mavenRepo plugins " + repository.url());
  }

  @Test
  void serviceLoaderFindsAProviderFromMavenInTheCellItsThreadsAndGeneratorBodies() {
    ok("%maven test.plugins:engine-fast:1.0");
    assertEquals("[fast]", result(ok("test.engines.Engines.names()")));
    assertEquals(
        "[fast]",
        result(
            ok(
                """
                var found = new CompletableFuture<List<String>>();
                Thread.ofPlatform().start(() -> found.complete(test.engines.Engines.names()));
                found.get(60, TimeUnit.SECONDS)
                """)));
    // a generator shown as the cell's value: its body runs on a thread the kernel starts
    String streamed =
        ok("AsyncGenerator.of(out -> out.yield(test.engines.Engines.names()))").output().stdout();
    assertTrue(streamed.contains("[fast]"), streamed);
    // one consumed in the cell, running ahead on a virtual thread of its own
    assertEquals(
        "[[fast]]",
        result(
            ok(
                "AsyncGenerator.of(out -> out.yield(test.engines.Engines.names())).buffer(1).toList()")));
  }

  @Test
  void driverManagerFindsAJdbcDriverFromMavenAlsoWhenItLookedBefore() {
    // DriverManager looks for drivers once per JVM: here before the jar is added
    ok("java.sql.DriverManager.drivers().count()");
    ok("%maven test.plugins:fake-jdbc:1.0");
    String connect = "java.sql.DriverManager.getConnection(\"jdbc:fake:%s\").getCatalog()";
    assertEquals("\"cell\"", result(ok(connect.formatted("cell"))));
    assertEquals(
        "\"thread\"",
        result(
            ok(
                """
                var catalog = new CompletableFuture<String>();
                Thread.ofVirtual().start(() -> {
                  try {
                    catalog.complete(%s);
                  } catch (Exception e) {
                    catalog.completeExceptionally(e);
                  }
                });
                catalog.get(60, TimeUnit.SECONDS)
                """
                    .formatted(connect.formatted("thread")))));
    String streamed =
        ok("AsyncGenerator.of(out -> out.yield(" + connect.formatted("generator") + "))")
            .output()
            .stdout();
    assertTrue(streamed.contains("generator"), streamed);
    // and ServiceLoader, which DriverManager uses when it first looks, sees it from a cell
    assertEquals(
        "[test.jdbc.FakeDriver]",
        result(
            ok(
                "ServiceLoader.load(java.sql.Driver.class).stream().map(p -> p.type().getName())"
                    + ".filter(n -> n.startsWith(\"test.\")).toList()")));
  }

  @Test
  void jshellsDefaultImportsAreThere() {
    assertEquals(
        "true",
        result(
            ok(
                """
                var text = new StringWriter();
                try (var out = new PrintWriter(text)) { out.print("x"); }
                Pattern.matches("x", text.toString())
                  && new BigDecimal("1.5").scale() == 1
                  && URI.create("http://a/").getHost().equals("a")
                  && Preferences.class != null
                  && Files.class != null && new ArrayList<>().isEmpty()
                """)));
  }
}
