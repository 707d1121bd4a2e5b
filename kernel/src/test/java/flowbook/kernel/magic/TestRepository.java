package flowbook.kernel.magic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Compiles {@code source} (the class {@code className}) into a new jar at {@code jar}. */
  static void writeJar(Path jar, Path workDirectory, String className, String source)
      throws IOException {
    Path sources = workDirectory.resolve("src");
    Path classes = workDirectory.resolve("classes");
    Path file = sources.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.createDirectories(classes);
    Files.writeString(file, source);
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "--release", "21", "-d", classes.toString(), file.toString());
    if (status != 0) {
      throw new IOException("javac failed on " + className);
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
