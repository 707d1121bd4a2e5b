package flowbook.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MavenResolverTest {
  @TempDir Path temp;

  private List<String> fileNames(List<Path> jars) {
    return jars.stream().map(path -> path.getFileName().toString()).toList();
  }

  @Test
  void resolvesTransitiveRuntimeDependenciesButNotTestOnes() throws Exception {
    TestRepository repository =
        new TestRepository(temp.resolve("remote"))
            .publish("test.flowbook:words:1.0")
            .publish("test.flowbook:runtime-extra:2.0")
            .publish("test.flowbook:test-only:1.0")
            .publish(
                "test.flowbook:greeter:1.0",
                "test.flowbook:words:1.0",
                "test.flowbook:runtime-extra:2.0:runtime",
                "test.flowbook:test-only:1.0:test");
    try (MavenResolver resolver = new MavenResolver(temp.resolve("local"), false)) {
      resolver.addRepository("test", repository.url());
      List<Path> jars = resolver.resolve(List.of("test.flowbook:greeter:1.0"));
      assertEquals(
          List.of("greeter-1.0.jar", "words-1.0.jar", "runtime-extra-2.0.jar"), fileNames(jars));
      assertTrue(jars.stream().allMatch(jar -> jar.startsWith(temp.resolve("local"))));
    }
  }

  @Test
  void whatWasResolvedOnceResolvesAgainWithTheRepositoryGone() throws Exception {
    TestRepository repository =
        new TestRepository(temp.resolve("remote")).publish("test.flowbook:words:1.0");
    try (MavenResolver resolver = new MavenResolver(temp.resolve("local"), false)) {
      resolver.addRepository("test", repository.url());
      resolver.resolve(List.of("test.flowbook:words:1.0"));
    }
    try (var files = Files.walk(repository.root)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path); // the "network" is gone
      }
    }
    try (MavenResolver offline = new MavenResolver(temp.resolve("local"), false)) {
      offline.addRepository("test", repository.url());
      assertEquals(
          List.of("words-1.0.jar"), fileNames(offline.resolve(List.of("test.flowbook:words:1.0"))));
    }
  }

  @Test
  void aMissingArtifactNamesWhatAndWhere() throws Exception {
    TestRepository repository = new TestRepository(temp.resolve("remote"));
    Files.createDirectories(repository.root);
    try (MavenResolver resolver = new MavenResolver(temp.resolve("local"), false)) {
      resolver.addRepository("test", repository.url());
      MavenResolver.ResolutionFailure failure =
          assertThrows(
              MavenResolver.ResolutionFailure.class,
              () -> resolver.resolve(List.of("test.flowbook:nowhere:9.9")));
      assertTrue(failure.getMessage().contains("test.flowbook:nowhere:9.9"), failure.getMessage());
      assertTrue(failure.getMessage().contains("searched: test ("), failure.getMessage());
    }
  }

  @Test
  void aMalformedCoordinateIsRefusedWithAnExample() throws Exception {
    try (MavenResolver resolver = new MavenResolver(temp.resolve("local"), false)) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class, () -> resolver.resolve(List.of("commons-math3")));
      assertTrue(error.getMessage().contains("group:artifact:version"), error.getMessage());
      assertThrows(IllegalArgumentException.class, () -> resolver.addRepository("x", "ftp://nope"));
    }
  }
}
