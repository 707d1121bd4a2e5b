package flowbook.kernel.magic;

import flowbook.kernel.CellOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jdk.jshell.JShell;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %classpath}: what adds code to the session.
 *
 * <p>Entries go to JShell's class path ({@link JShell#addToClasspath}), which serves both the
 * compiler and the class loader of snippets, so the next line can import what was added. An entry
 * is added once; adding it again says so.
 */
final class ClassPathMagics implements AutoCloseable {
  private final JShell shell;
  private final Supplier<ClassLoader> snippetLoader; // where added jars' classes load
  private final Set<Path> added = new LinkedHashSet<>(); // in the order added
  private MavenResolver resolver; // made on first use: it takes a moment to start

  ClassPathMagics(JShell shell, Supplier<ClassLoader> snippetLoader) {
    this.shell = shell;
    this.snippetLoader = snippetLoader;
  }

  List<Magic> magics() {
    List<Magic> magics = new ArrayList<>(ownMagics());
    Magic maven = magics.get(0);
    Magic mavenRepo = magics.get(1);
    Magic classpath = magics.get(2);
    magics.add(alias("addMavenDependency", maven, "IJava's name"));
    magics.add(alias("addMavenDependencies", maven, "IJava's and JJava's name"));
    magics.add(alias("addMavenRepo", mavenRepo, "IJava's and JJava's name"));
    magics.add(alias("jars", classpath, "IJava's and JJava's name"));
    String pomHelp =
        """
        %loadFromPOM FILE
        %%loadFromPOM
          Resolves the dependencies of a POM file, or of the POM or fragment below
          %%loadFromPOM (a whole <project>, or just <dependencies>, <dependency> and
          <repositories>/<repository> elements), with their dependencies, through the same
          resolver as %maven, and adds the jars; returns their paths. Repositories it names
          are searched from then on. Scopes: compile and runtime (and no scope) are
          resolved, test and provided are skipped (and listed), system adds its
          <systemPath>. ${property} references to the POM's <properties> and
          <dependencyManagement> versions are filled in; parent POMs are not read.""";
    magics.add(
        new Magic(
            "loadFromPOM",
            false,
            "FILE",
            "resolve a POM file's dependencies and add the jars",
            pomHelp,
            call -> loadFromPom(call, false)));
    magics.add(
        new Magic(
            "loadFromPOM",
            true,
            "",
            "resolve the dependencies of the POM (fragment) below and add the jars",
            pomHelp,
            call -> loadFromPom(call, true)));
    return magics;
  }

  private static Magic alias(String name, Magic of, String origin) {
    return new Magic(
        name,
        of.cell(),
        of.usage(),
        "the same as " + of.invocation() + " (" + origin + ")",
        "%" + name + " is " + of.invocation() + " (" + origin + "):\n" + of.help(),
        of.handler());
  }

  private List<Magic> ownMagics() {
    return List.of(
        new Magic(
            "maven",
            false,
            "GROUP:ARTIFACT:VERSION...",
            "resolve Maven coordinates with their dependencies and add the jars",
            """
            %maven GROUP:ARTIFACT:VERSION [...]
              Resolves the coordinates with their compile and runtime dependencies and adds
              the jars to the class path; the next line can import them. Coordinates may also
              be GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION.
              Repositories: Maven Central and those added with %mavenRepo, in that order.
              Downloads are cached in the local Maven repository (-Dmaven.repo.local, else
              the environment variable FLOWBOOK_MAVEN_REPO_LOCAL, else ~/.m2/repository);
              what is cached resolves again without a network.
              Example: %maven org.apache.commons:commons-math3:3.6.1""",
            this::maven),
        new Magic(
            "mavenRepo",
            false,
            "ID URL | --remove ID",
            "add or remove a Maven repository for %maven (no arguments: list them)",
            """
            %mavenRepo ID URL
              Adds (or, for a known ID, replaces) a repository that %maven searches after
              those added before. URL is http(s):// or file://.
            %mavenRepo --remove ID
              Stops searching repository ID; "%mavenRepo --remove central" keeps %maven off
              Maven Central, e.g. to use only a mirror or a local repository.
            %mavenRepo
              Lists the repositories %maven searches.""",
            this::mavenRepo),
        new Magic(
            "classpath",
            false,
            "PATH|GLOB...",
            "add jars or class folders to the class path (no arguments: list what was added)",
            """
            %classpath PATH|GLOB [...]
              Adds jars and class folders to the class path; the next line can import their
              classes. A GLOB such as lib/*.jar or lib/**/*.jar adds every jar (and folder)
              it matches; relative paths start in the kernel's working directory, ~ is the
              home directory. Several entries may be given, separated by spaces or the
              platform's path separator.
            %classpath
              Lists what %classpath and %maven added.""",
            this::classpath));
  }

  private CellOutcome maven(MagicCall call) throws MagicException {
    List<String> coordinates = new ArrayList<>();
    for (String word : call.words()) {
      for (String coordinate : word.split(",")) {
        if (!coordinate.isBlank()) {
          coordinates.add(coordinate);
        }
      }
    }
    if (coordinates.isEmpty()) {
      throw new MagicException(
          "%maven needs coordinates, e.g. %maven org.apache.commons:commons-math3:3.6.1");
    }
    List<Path> jars;
    try {
      jars = resolver().resolve(coordinates);
    } catch (MavenResolver.ResolutionFailure e) {
      throw new MagicException("MavenResolutionError", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new MagicException(e.getMessage());
    }
    call.print(addAll(jars, "resolved " + String.join(", ", coordinates)));
    return call.ok(pathStrings(jars));
  }

  /* %loadFromPOM FILE and %%loadFromPOM: a POM, or a fragment of one, resolved like %maven. */
  private CellOutcome loadFromPom(MagicCall call, boolean cellMagic) throws MagicException {
    String xml;
    String source;
    if (cellMagic) {
      if (!call.arguments().isBlank()) {
        throw new MagicException(
            "%%loadFromPOM takes no arguments: the POM (or its <dependencies>, <repositories>)"
                + " goes below it; for a file, use %loadFromPOM FILE");
      }
      xml = call.body();
      source = "the cell";
    } else {
      List<String> words = call.words();
      if (words.isEmpty()) {
        throw new MagicException("usage: " + call.usage() + ", e.g. %loadFromPOM pom.xml");
      }
      Path file = expand(unquote(words.get(0))).get(0);
      try {
        xml = Files.readString(file);
      } catch (IOException e) {
        throw new MagicException("FileNotFound", "%loadFromPOM: cannot read " + file + ": " + e);
      }
      source = file.toString();
    }
    PomFragment pom;
    try {
      pom = PomFragment.parse(xml);
    } catch (IllegalArgumentException e) {
      throw new MagicException("%loadFromPOM: " + source + ": " + e.getMessage());
    }
    StringBuilder text = new StringBuilder();
    for (PomFragment.Repository repository : pom.repositories()) {
      try {
        resolver().addRepository(repository.id(), repository.url());
      } catch (IllegalArgumentException e) {
        throw new MagicException("%loadFromPOM: " + e.getMessage());
      }
      text.append("added repository ").append(repository.id()).append('\n');
    }
    pom.skipped().forEach(skipped -> text.append("skipped ").append(skipped).append('\n'));
    List<Path> jars = new ArrayList<>(pom.systemJars());
    if (!pom.dependencies().isEmpty()) {
      try {
        jars.addAll(0, resolver().resolveDependencies(pom.dependencies()));
      } catch (MavenResolver.ResolutionFailure e) {
        throw new MagicException("MavenResolutionError", e.getMessage());
      }
    }
    if (jars.isEmpty() && pom.repositories().isEmpty()) {
      throw new MagicException(
          "%loadFromPOM: " + source + " has no <dependency> or <repository> to load");
    }
    call.print(text + addAll(jars, jars.isEmpty() ? null : "resolved " + source));
    return call.ok(pathStrings(jars));
  }

  private static String unquote(String word) {
    return word.length() > 1
            && (word.startsWith("\"") && word.endsWith("\"")
                || word.startsWith("'") && word.endsWith("'"))
        ? word.substring(1, word.length() - 1)
        : word;
  }

  private static List<String> pathStrings(List<Path> paths) {
    return paths.stream().map(path -> path.toAbsolutePath().normalize().toString()).toList();
  }

  private CellOutcome mavenRepo(MagicCall call) throws MagicException {
    List<String> words = call.words();
    if (words.isEmpty()) {
      call.print("%maven searches: " + String.join(", ", resolver().repositories()) + "\n");
      return call.ok();
    }
    if (words.size() == 2 && words.get(0).equals("--remove")) {
      // Not an error when it is gone already: running the cell twice must work.
      boolean removed = resolver().removeRepository(words.get(1));
      call.print(
          (removed ? "removed repository " : "no repository ")
              + words.get(1)
              + "; %maven searches: "
              + String.join(", ", resolver().repositories())
              + "\n");
      return call.ok();
    }
    if (words.size() != 2) {
      throw new MagicException(
          "usage: " + call.usage() + ", e.g. %mavenRepo local file:///tmp/repo");
    }
    try {
      resolver().addRepository(words.get(0), words.get(1));
    } catch (IllegalArgumentException e) {
      throw new MagicException(e.getMessage());
    }
    call.print(
        "added repository "
            + words.get(0)
            + "; %maven searches: "
            + String.join(", ", resolver().repositories())
            + "\n");
    return call.ok();
  }

  private CellOutcome classpath(MagicCall call) throws MagicException {
    List<String> patterns = new ArrayList<>();
    for (String word : call.words()) {
      for (String entry : word.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) {
          patterns.add(entry);
        }
      }
    }
    if (patterns.isEmpty()) {
      StringBuilder text = new StringBuilder();
      text.append(added.isEmpty() ? "nothing added to the class path yet\n" : "added so far:\n");
      added.forEach(path -> text.append("  ").append(path).append('\n'));
      call.print(text.toString());
      return call.ok();
    }
    List<Path> entries = new ArrayList<>();
    for (String pattern : patterns) {
      entries.addAll(expand(unquote(pattern)));
    }
    call.print(addAll(entries, null));
    return call.ok(pathStrings(entries));
  }

  /** Adds each entry not added before; returns what to print. */
  private String addAll(List<Path> entries, String heading) {
    StringBuilder text = new StringBuilder();
    if (heading != null) {
      text.append(heading).append('\n');
    }
    for (Path entry : entries) {
      Path absolute = entry.toAbsolutePath().normalize();
      if (added.add(absolute)) {
        shell.addToClasspath(absolute.toString());
        JdbcDrivers.register(absolute, snippetLoader.get());
        text.append("added to the class path: ").append(absolute).append('\n');
      } else {
        text.append("already on the class path: ").append(absolute).append('\n');
      }
    }
    return text.toString();
  }

  /** The jars and folders {@code pattern} names: a path, or a glob matching at least one. */
  static List<Path> expand(String pattern) throws MagicException {
    String expanded =
        pattern.equals("~") || pattern.startsWith("~/")
            ? System.getProperty("user.home") + pattern.substring(1)
            : pattern;
    Path workingDirectory = Path.of("").toAbsolutePath();
    if (!isGlob(expanded)) {
      Path path = workingDirectory.resolve(expanded).normalize();
      if (!Files.exists(path)) {
        throw new MagicException(
            "FileNotFound", "%classpath: " + pattern + " does not exist (looked at " + path + ")");
      }
      return List.of(path);
    }
    Path absolute = workingDirectory.resolve(expanded).normalize();
    int firstGlob = 0;
    while (firstGlob < absolute.getNameCount() && !isGlob(absolute.getName(firstGlob).toString())) {
      firstGlob++;
    }
    Path base =
        firstGlob == 0
            ? absolute.getRoot()
            : absolute.getRoot().resolve(absolute.subpath(0, firstGlob));
    String rest = absolute.subpath(firstGlob, absolute.getNameCount()).toString();
    int depth = rest.contains("**") ? Integer.MAX_VALUE : absolute.getNameCount() - firstGlob;
    PathMatcher matcher =
        FileSystems.getDefault()
            .getPathMatcher(
                "glob:" + escapeGlob(base.toString()) + base.getFileSystem().getSeparator() + rest);
    List<Path> matches = new ArrayList<>();
    if (Files.isDirectory(base)) {
      try (Stream<Path> files = Files.walk(base, depth)) {
        files
            .filter(matcher::matches)
            .filter(path -> Files.isDirectory(path) || isArchive(path))
            .sorted()
            .forEach(matches::add);
      } catch (IOException | UncheckedIOException e) {
        throw new MagicException("FileNotFound", "%classpath: cannot read " + base + ": " + e);
      }
    }
    if (matches.isEmpty()) {
      throw new MagicException(
          "FileNotFound",
          "%classpath: nothing matches "
              + pattern
              + " (no jar or folder matches "
              + absolute
              + ")");
    }
    return matches;
  }

  private static boolean isArchive(Path path) {
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".jar") || name.endsWith(".zip");
  }

  private static boolean isGlob(String text) {
    return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static String escapeGlob(String text) {
    return text.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  private MavenResolver resolver() {
    if (resolver == null) {
      resolver = new MavenResolver();
    }
    return resolver;
  }

  @Override
  public void close() {
    if (resolver != null) {
      resolver.close();
    }
  }
}
