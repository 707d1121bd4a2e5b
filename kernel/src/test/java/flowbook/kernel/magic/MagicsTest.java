package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flowbook.kernel.CellRecord;
import flowbook.kernel.JShellKernel;
import flowbook.kernel.output.CellError;
import flowbook.kernel.output.RecordingOutput;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every magic through the evaluator: cell in, outputs out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MagicsTest {
  private static final String TIME_LINES =
      "CPU times: user [\\d.]+ (s|ms|µs|ns), sys [\\d.]+ (s|ms|µs|ns), total [\\d.]+ (s|ms|µs|ns)\n"
          + "Wall time: [\\d.]+ (s|ms|µs|ns)\n";
  private static final String TIMEIT_LINE =
      "[\\d.]+ (s|ms|µs|ns) ± [\\d.]+ (s|ms|µs|ns) per loop \\(mean ± std\\. dev\\. of %s, %s each\\)\n";

  @TempDir static Path temp;
  private JShellKernel kernel;
  private String previousLocalRepository;

  @BeforeAll
  void startKernel() {
    // %maven caches into the local repository: a temp one, so ~/.m2 is never touched.
    previousLocalRepository = System.getProperty("maven.repo.local");
    System.setProperty("maven.repo.local", temp.resolve("local-repository").toString());
    kernel = new JShellKernel();
    // Tests resolve from file:// repositories they build, never from the network.
    ok("%mavenRepo --remove central");
  }

  @AfterAll
  void closeKernel() {
    kernel.close();
    if (previousLocalRepository == null) {
      System.clearProperty("maven.repo.local");
    } else {
      System.setProperty("maven.repo.local", previousLocalRepository);
    }
  }

  private CellRecord ok(String code) {
    CellRecord cell = kernel.eval(code);
    assertTrue(
        cell.outcome().ok(),
        () -> code + "\nfailed: " + cell.outcome().error() + "\nstdout: " + cell.output().stdout());
    return cell;
  }

  private CellError failing(String code) {
    CellRecord cell = kernel.eval(code);
    assertFalse(cell.outcome().ok(), () -> code + "\nsucceeded: " + cell.output().stdout());
    assertEquals(List.of(cell.outcome().error()), cell.output().errors());
    return cell.outcome().error();
  }

  private static String result(CellRecord cell) {
    List<RecordingOutput.Event> results = cell.output().events("execute_result");
    return results.isEmpty() ? null : results.get(0).data().getData(MIMEType.TEXT_PLAIN).toString();
  }

  // --- the framework ---

  @Test
  void lsmagicListsEveryMagicWithItsSummary() {
    String listing = ok("%lsmagic").output().stdout();
    for (String magic :
        List.of(
            "%classpath",
            "%env",
            "%load",
            "%lsmagic",
            "%whos",
            "%maven",
            "%mavenRepo",
            "%time",
            "%timeit",
            "%%html",
            "%%markdown",
            "%%time",
            "%%timeit")) {
      assertTrue(listing.contains("  " + magic + " "), () -> magic + " missing in\n" + listing);
    }
  }

  @Test
  void anUnknownMagicIsAnErrorListingTheKnownOnes() {
    CellError error = failing("%nosuchmagic 1 2");
    assertEquals("UsageError", error.name());
    assertTrue(error.value().contains("unknown magic %nosuchmagic"), error.value());
    assertTrue(error.value().contains("%maven, %mavenRepo"), error.value());
    assertTrue(error.value().contains("%%timeit"), error.value());
  }

  @Test
  void magicNamesIgnoreCase() {
    assertTrue(ok("%LsMagic").output().stdout().contains("%mavenRepo"));
    assertTrue(ok("%MAVENREPO").output().stdout().contains("%maven searches"));
  }

  @Test
  void aQuestionMarkShowsTheMagicsHelp() {
    String help = ok("%env?").output().stdout();
    assertTrue(help.contains("System.getenv"), help);
    assertTrue(ok("%%timeit --help").output().stdout().contains("0.2 s"));
  }

  @Test
  void codeAfterLineMagicsKeepsItsCellLineNumbers() {
    CellError error = failing("%env FLOWBOOK_LINES=1\n\nint x = undefinedName;");
    assertEquals("CompileError", error.name());
    assertTrue(error.traceback().get(0).contains("line 3, column 9"), error.traceback().get(0));
  }

  @Test
  void aFailingLineMagicStopsTheCell() {
    CellRecord cell = kernel.eval("%classpath /no/such/dir\nSystem.out.println(\"ran\");");
    assertFalse(cell.outcome().ok());
    assertFalse(cell.output().stdout().contains("ran"));
  }

  @Test
  void consolesRunLineMagicsAtOnceAndWaitForTheEndOfACellMagic() {
    assertEquals("complete", kernel.isComplete("%maven a:b:1").status());
    assertEquals("incomplete", kernel.isComplete("%%timeit").status());
    assertEquals("incomplete", kernel.isComplete("%%timeit\nMath.sqrt(2)").status());
    assertEquals("complete", kernel.isComplete("%%timeit\nMath.sqrt(2)\n").status());
    assertEquals("incomplete", kernel.isComplete("%env A=1\nvoid f() {").status());
    assertEquals("complete", kernel.isComplete("%env A=1\nint x = 1;").status());
  }

  @Test
  void magicNamesComplete() {
    var line = kernel.complete("%MA", 3);
    assertEquals(List.of("%maven", "%mavenRepo"), line.matches());
    assertEquals(0, line.start());
    assertEquals(3, line.end());
    assertEquals(List.of("%%time", "%%timeit"), kernel.complete("%env A=1\n%%ti", 13).matches());
    assertTrue(kernel.complete("%maven x\nSyste", 14).matches().contains("System"));
  }

  @Test
  void interruptStopsTimeit() throws Exception {
    RecordingOutput output = new RecordingOutput();
    var cell =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> kernel.execute("%%timeit\nThread.sleep(50)", output, true),
            runnable -> Thread.ofPlatform().name("test-timeit-cell").start(runnable));
    Thread.sleep(500);
    kernel.interrupt();
    var outcome = cell.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("Interrupted", outcome.error().name());
    assertEquals("2", result(ok("1 + 1")));
  }

  // --- %maven, %mavenRepo, %classpath ---

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

    String added = ok("%maven test.flowbook:greeter:1.0").output().stdout();
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

  // --- %load ---

  @Test
  void loadRunsASnippetFileWhoseDeclarationsStay() throws Exception {
    Path file = temp.resolve("helpers.jsh");
    Files.writeString(
        file,
        "// helpers\nint twice(int x) {\n  return 2 * x;\n}\nSystem.out.println(\"loaded\");\n");
    assertEquals("loaded\n", ok("%load " + file).output().stdout());
    assertEquals("42", result(ok("twice(21)")));
  }

  @Test
  void loadErrorsNameTheFilesLines() throws Exception {
    Path compile = temp.resolve("broken.jsh");
    Files.writeString(compile, "int a = 1;\n\nint b = missing + 1;\n");
    CellError error = failing("%load " + compile);
    assertEquals("CompileError", error.name());
    assertTrue(
        error.traceback().get(0).startsWith(compile + ", line 3, column 9"),
        error.traceback().get(0));

    Path runtime = temp.resolve("Thrower.java");
    Files.writeString(
        runtime,
        "package demo;\n\nvoid boom() {\n  throw new IllegalStateException(\"from the file\");\n}\n");
    ok("%load " + runtime);
    CellError thrown = failing("boom()");
    assertEquals("java.lang.IllegalStateException", thrown.name());
    String trace = String.join("\n", thrown.traceback());
    assertTrue(trace.contains(runtime + ", line 4"), trace);
    assertEquals("FileNotFound", failing("%load " + temp.resolve("absent.jsh")).name());
  }

  // --- %time, %%time, %timeit, %%timeit ---

  @Test
  void timePrintsCpuAndWallTimeThenTheValue() {
    CellRecord cell = ok("%time 6 * 7");
    assertTrue(Pattern.matches(TIME_LINES, cell.output().stdout()), cell.output().stdout());
    List<String> kinds = cell.output().events().stream().map(RecordingOutput.Event::kind).toList();
    assertEquals(List.of("stream", "execute_result"), kinds);
    assertEquals("42", result(cell));
  }

  @Test
  void cellTimeMeasuresTheWholeCellAndKeepsItsDeclarations() {
    CellRecord cell = ok("%%time\nThread.sleep(120);\nint timedValue = 5;");
    String text = cell.output().stdout();
    assertTrue(Pattern.matches(TIME_LINES, text), text);
    String wall = text.substring(text.indexOf("Wall time: ") + 11).strip();
    assertTrue(wall.endsWith(" ms") || wall.endsWith(" s"), wall);
    if (wall.endsWith(" ms")) {
      assertTrue(Double.parseDouble(wall.replace(" ms", "")) >= 120, wall);
    }
    assertEquals("5", result(ok("timedValue")));
  }

  @Test
  void cellTimeOfBusyWorkCountsCpu() {
    String text =
        ok("%%time\nlong sum = 0;\nfor (long i = 0; i < 300_000_000L; i++) { sum += i % 7; }")
            .output()
            .stdout();
    String user = text.substring(text.indexOf("user ") + 5, text.indexOf(", sys"));
    assertTrue(user.endsWith(" ms") || user.endsWith(" s"), text);
  }

  @Test
  void cellTimeitChoosesTheLoopCountAndReportsMeanAndDeviation() {
    String text = ok("%%timeit\nMath.sqrt(12345.0) * 2").output().stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("7 runs", "[\\d,]+ loops"), text), () -> text);
    long loops =
        Long.parseLong(text.replaceAll(".*, ([\\d,]+) loops each.*\n", "$1").replace(",", ""));
    assertTrue(loops >= 1000, text); // a fast body needs many loops to fill 0.2 s
  }

  @Test
  void timeitTakesLoopsAndRunsAndAcceptsVoidCalls() {
    String line = ok("%timeit -n 3 -r 2 Thread.sleep(2)").output().stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("2 runs", "3 loops"), line), line);
    String cell =
        ok("%%timeit -n 1 -r 1\nvar list = new ArrayList<Integer>();\nlist.add(1)")
            .output()
            .stdout();
    assertTrue(Pattern.matches(TIMEIT_LINE.formatted("1 run", "1 loop"), cell), cell);
  }

  @Test
  void timeitErrorsPointAtTheCellsLines() {
    CellError error = failing("%%timeit -n 1\nint x = 1;\nx = undefinedThing;");
    assertEquals("CompileError", error.name());
    assertTrue(error.traceback().get(0).contains("line 3"), error.traceback().get(0));
    CellError thrown = failing("%%timeit -n 1\n\nthrow new ArithmeticException(\"in the body\");");
    assertEquals("java.lang.ArithmeticException", thrown.name());
    assertTrue(
        String.join("\n", thrown.traceback()).contains("line 3"), thrown.traceback().toString());
    assertEquals("UsageError", failing("%%timeit -n zero\n1").name());
  }

  // --- %env ---

  @Test
  void envSetsReadsAndListsSessionVariables() throws Exception {
    assertEquals(
        "env: FLOWBOOK_GREETING=hello there\n",
        ok("%env FLOWBOOK_GREETING=hello there").output().stdout());
    assertEquals("hello there\n", ok("%env FLOWBOOK_GREETING").output().stdout());
    assertTrue(ok("%env").output().stdout().contains("FLOWBOOK_GREETING=hello there\n"));
    assertEquals("\"hello there\"", result(ok("Env.get(\"FLOWBOOK_GREETING\")")));
    String child =
        result(
            ok(
                "new String(Env.processBuilder(\"sh\", \"-c\", \"echo $FLOWBOOK_GREETING\")"
                    + ".start().getInputStream().readAllBytes()).strip()"));
    assertEquals("\"hello there\"", child);
    assertNull(System.getenv("FLOWBOOK_GREETING")); // documented: the JVM's own stays as it was
    assertEquals("KeyError", failing("%env FLOWBOOK_NEVER_SET_ANYWHERE").name());
    ok("%env FLOWBOOK_OTHER value with spaces");
    assertEquals("\"value with spaces\"", result(ok("Env.get(\"FLOWBOOK_OTHER\")")));
  }

  // --- %%html, %%markdown ---

  @Test
  void htmlAndMarkdownCellsAreShownWithTheirMimeType() {
    CellRecord html = ok("%%html\n<b>bold</b> &amp; plain");
    List<RecordingOutput.Event> shown = html.output().events("display_data");
    assertEquals(1, shown.size());
    assertEquals("<b>bold</b> &amp; plain\n", shown.get(0).data().getData(MIMEType.TEXT_HTML));

    CellRecord markdown = ok("%%MARKDOWN\n# Title\n\n*emphasis*");
    List<RecordingOutput.Event> rendered = markdown.output().events("display_data");
    assertEquals("# Title\n\n*emphasis*\n", rendered.get(0).data().getData(MIMEType.TEXT_MARKDOWN));
  }
}
