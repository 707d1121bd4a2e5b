package flowbook.kernel.magic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

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
}
