package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.output.CellError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %classpath}, from {@code file://} repositories and
 * folders the tests build.
 */
class ClassPathMagicsTest extends MagicKernelTest {
  @Test
  void mavenResolvesFromAFileRepositoryAndTheNextCellImportsTheClass() throws Exception {
    TestRepository repository =
        new TestRepository(temp.resolve("remote"))
            .publish("test.flowbook:words:1.0")
            .publishClass(
                "test.flowbook:greeter:1.0",
                "test.greet.Greeter",
                "package test.greet; public class Greeter {"
                    + " public static String hello(String name) { return \"hello \" + name; } }");
    // the POM of greeter names words as a dependency: republish it with that
    Files.writeString(
        repository.root.resolve("test/flowbook/greeter/1.0/greeter-1.0.pom"),
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>test.flowbook</groupId><artifactId>greeter</artifactId><version>1.0</version>
          <dependencies><dependency>
            <groupId>test.flowbook</groupId><artifactId>words</artifactId><version>1.0</version>
          </dependency></dependencies>
        </project>
        """);
    String repositories = ok("%mavenRepo test " + repository.url()).output().stdout();
    assertTrue(repositories.contains("test (file:"), repositories);
    assertFalse(repositories.contains("central"), repositories);

    var maven = ok("%maven test.flowbook:greeter:1.0");
    String added = maven.output().stdout();
    // Maven Resolver logs through SLF4J, into the kernel's log: no "No SLF4J providers" here
    assertFalse(added.contains("SLF4J"), added);
    assertFalse(maven.output().stderr().contains("SLF4J"), maven.output().stderr());
    assertTrue(added.contains("added to the class path: "), added);
    assertTrue(added.contains("greeter-1.0.jar"), added);
    assertTrue(added.contains("words-1.0.jar"), added); // transitive
    assertTrue(added.contains(temp.resolve("local-repository").toString()), added);

    assertEquals("\"hello Ada\"", result(ok("import test.greet.Greeter;\nGreeter.hello(\"Ada\")")));
    assertTrue(ok("%maven test.flowbook:greeter:1.0").output().stdout().contains("already on the"));
  }

  @Test
  void mavenInACellWithCodeAddsTheJarBeforeTheCodeCompiles() throws Exception {
    TestRepository repository =
        new TestRepository(temp.resolve("remote-mixed"))
            .publishClass(
                "test.flowbook:answer:2.0",
                "test.answer.Answer",
                "package test.answer; public class Answer { public static int get() { return 42; } }");
    CellRecord cell =
        ok(
            "%mavenRepo mixed "
                + repository.url()
                + "\n%maven test.flowbook:answer:2.0\ntest.answer.Answer.get()");
    assertEquals("42", result(cell));
  }

  @Test
  void aMissingArtifactIsAnErrorNamingWhatAndWhere() throws Exception {
    TestRepository repository = new TestRepository(temp.resolve("empty-remote"));
    Files.createDirectories(repository.root);
    ok("%mavenRepo empty " + repository.url());
    CellError error = failing("%maven test.flowbook:nowhere:9.9");
    assertEquals("MavenResolutionError", error.name());
    String text = String.join("\n", error.traceback());
    assertTrue(text.contains("test.flowbook:nowhere:9.9"), text);
    assertTrue(text.contains("searched: "), text);
    assertEquals("UsageError", failing("%maven").name());
    assertEquals("UsageError", failing("%maven not-a-coordinate").name());
  }

  @Test
  void classpathAddsJarsMatchedByAGlob() throws Exception {
    Path lib = temp.resolve("lib");
    TestRepository.writeJar(
        lib.resolve("shapes.jar"),
        temp.resolve("shapes-build"),
        "test.shapes.Square",
        "package test.shapes; public record Square(int side) { public int area() { return side * side; } }");
    String added = ok("%classpath " + lib + "/*.jar").output().stdout();
    assertTrue(added.contains("added to the class path: " + lib.resolve("shapes.jar")), added);
    assertEquals("9", result(ok("new test.shapes.Square(3).area()")));
    assertTrue(ok("%classpath").output().stdout().contains("shapes.jar"));
  }

  @Test
  void classpathAddsAFolderOfClasses() throws Exception {
    TestRepository.writeJar(
        temp.resolve("unused.jar"),
        temp.resolve("folder-build"),
        "test.folder.Hello",
        "package test.folder; public class Hello { public static String say() { return \"hi\"; } }");
    ok("%classpath " + temp.resolve("folder-build/classes"));
    assertEquals("\"hi\"", result(ok("test.folder.Hello.say()")));
  }

  @Test
  void classpathSaysClearlyWhenNothingMatches() {
    CellError error = failing("%classpath " + temp + "/nothing-here/*.jar");
    assertEquals("FileNotFound", error.name());
    assertTrue(error.value().contains("nothing matches"), error.value());
    assertTrue(failing("%classpath /no/such.jar").value().contains("does not exist"));
  }
}
