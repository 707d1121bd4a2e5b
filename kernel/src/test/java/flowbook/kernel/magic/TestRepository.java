package flowbook.kernel.magic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Writes a Maven repository (default layout) into a folder, for resolving without a network. */
final class TestRepository {
  final Path root;

  TestRepository(Path root) {
    this.root = root;
  }

  String url() {
    return root.toUri().toString();
  }

  /**
   * Publishes group:artifact:version with a jar holding one resource and the given dependencies.
   */
  TestRepository publish(String coordinate, String... dependencies) throws IOException {
    String[] parts = coordinate.split(":");
    String group = parts[0];
    String artifact = parts[1];
    String version = parts[2];
    Path folder = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
    Files.createDirectories(folder);
    StringBuilder dependencyXml = new StringBuilder();
    for (String dependency : dependencies) {
      String[] d = dependency.split(":");
      dependencyXml.append(
          """
              <dependency>
                <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                <scope>%s</scope>
              </dependency>
          """
              .formatted(d[0], d[1], d[2], d.length > 3 ? d[3] : "compile"));
    }
    Files.writeString(
        folder.resolve(artifact + "-" + version + ".pom"),
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
          <dependencies>
        %s  </dependencies>
        </project>
        """
            .formatted(group, artifact, version, dependencyXml));
    try (OutputStream file =
            Files.newOutputStream(folder.resolve(artifact + "-" + version + ".jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry(artifact + ".txt"));
      jar.write(coordinate.getBytes());
      jar.closeEntry();
    }
    return this;
  }

  /**
   * Publishes group:artifact:version with a jar holding {@code className} compiled from {@code
   * source} (javax.tools, no network).
   */
  TestRepository publishClass(String coordinate, String className, String source)
      throws IOException {
    publish(coordinate);
    String[] parts = coordinate.split(":");
    Path jar =
        root.resolve(parts[0].replace('.', '/'))
            .resolve(parts[1])
            .resolve(parts[2])
            .resolve(parts[1] + "-" + parts[2] + ".jar");
    writeJar(jar, root.resolveSibling("sources-" + parts[1]), className, source);
    return this;
  }

  /**
   * Publishes group:artifact:version, depending on {@code dependencies}, with a jar of the classes
   * compiled from {@code sources} (class name to source, compiled against the jars of {@code
   * classPath}) and the files of {@code resources} (path in the jar to content).
   */
  TestRepository publishClasses(
      String coordinate,
      Map<String, String> sources,
      Map<String, String> resources,
      List<Path> classPath,
      String... dependencies)
      throws IOException {
    publish(coordinate, dependencies);
    writeJar(
        jarOf(coordinate),
        root.resolveSibling("build-" + coordinate.replace(':', '-')),
        sources,
        resources,
        classPath);
    return this;
  }

  /** Where this repository keeps the jar of {@code coordinate}. */
  Path jarOf(String coordinate) {
    String[] parts = coordinate.split(":");
    return root.resolve(parts[0].replace('.', '/'))
        .resolve(parts[1])
        .resolve(parts[2])
        .resolve(parts[1] + "-" + parts[2] + ".jar");
  }

  /** Compiles {@code source} (the class {@code className}) into a new jar at {@code jar}. */
  static void writeJar(Path jar, Path workDirectory, String className, String source)
      throws IOException {
    writeJar(jar, workDirectory, Map.of(className, source), Map.of(), List.of());
  }

  /**
   * Compiles {@code sources} (class name to source) against {@code classPath} into a new jar at
   * {@code jar} that also holds {@code resources} (path to content).
   */
  static void writeJar(
      Path jar,
      Path workDirectory,
      Map<String, String> sources,
      Map<String, String> resources,
      List<Path> classPath)
      throws IOException {
    Path sourceRoot = workDirectory.resolve("src");
    Path classes = workDirectory.resolve("classes");
    Files.createDirectories(classes);
    List<String> arguments = new ArrayList<>(List.of("--release", "21", "-d", classes.toString()));
    if (!classPath.isEmpty()) {
      arguments.add("-cp");
      arguments.add(
          String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    }
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    for (Map.Entry<String, String> resource : resources.entrySet()) {
      Path file = classes.resolve(resource.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, resource.getValue());
    }
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(String[]::new));
    if (status != 0) {
      throw new IOException("javac failed on " + sources.keySet());
    }
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarFile = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path classFile : files.filter(Files::isRegularFile).sorted().toList()) {
        jarFile.putNextEntry(
            new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
        jarFile.write(Files.readAllBytes(classFile));
        jarFile.closeEntry();
      }
    }
  }
}
