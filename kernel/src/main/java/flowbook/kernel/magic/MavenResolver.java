package flowbook.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates with their runtime dependencies, the engine of {@code %maven}.
 *
 * <ul>
 *   <li>Downloads go to the user's local Maven repository ({@code maven.repo.local}, else {@code
 *       ~/.m2/repository}), so what was resolved once works offline afterwards.
 *   <li>Repositories: Maven Central, plus those added with {@link #addRepository}, searched in the
 *       order added.
 *   <li>Failures name each coordinate that could not be found and the repositories searched.
 * </ul>
 */
public final class MavenResolver implements AutoCloseable {
  /** Maven Central's id and address. */
  public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

  private final RepositorySystem system;
  private final RepositorySystemSession.CloseableSession session;
  private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();

  /** A resolver caching into the user's local Maven repository, searching Maven Central. */
  public MavenResolver() {
    this(defaultLocalRepository(), true);
  }

  /**
   * A resolver caching into {@code localRepository}.
   *
   * @param includeCentral whether Maven Central is searched (tests use only their own file://
   *     repositories)
   */
  public MavenResolver(Path localRepository, boolean includeCentral) {
    Objects.requireNonNull(localRepository, "localRepository");
    system = new RepositorySystemSupplier().get();
    session =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(localRepository)
            .setSystemProperties(System.getProperties())
            // released artifacts never change: once cached, never ask the network again
            .setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_NEVER)
            .build();
    if (includeCentral) {
      addRepository("central", CENTRAL_URL);
    }
  }

  /**
   * The local repository Maven itself would use: {@code -Dmaven.repo.local}, else the environment
   * variable {@code FLOWBOOK_MAVEN_REPO_LOCAL} (which reaches an installed kernel without
   * reinstalling it), else {@code ~/.m2/repository}.
   */
  public static Path defaultLocalRepository() {
    String configured = System.getProperty("maven.repo.local");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String fromEnvironment = System.getenv("FLOWBOOK_MAVEN_REPO_LOCAL");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * Adds (or replaces, by id) a repository to search after the ones already added.
   *
   * @throws IllegalArgumentException if id is blank or url is not an http(s) or file URL
   */
  public void addRepository(String id, String url) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a repository needs an id, e.g. %mavenRepo myrepo URL");
    }
    if (url == null || !url.matches("(?i)(https?|file):.+")) {
      throw new IllegalArgumentException(
          "repository '" + id + "': '" + url + "' is not an http(s):// or file:// URL");
    }
    repositories.put(id, new RemoteRepository.Builder(id, "default", url).build());
  }

  /** Stops searching repository {@code id}; returns whether there was one. */
  public boolean removeRepository(String id) {
    return repositories.remove(id) != null;
  }

  /** The repositories searched, in order, as "id (url)". */
  public List<String> repositories() {
    return repositories.values().stream().map(r -> r.getId() + " (" + r.getUrl() + ")").toList();
  }

  /**
   * Resolves each coordinate ({@code group:artifact:version}, or with extension and classifier as
   * {@code group:artifact:extension[:classifier]:version}) with its compile and runtime
   * dependencies.
   *
   * @return the jar files, the requested ones first, without duplicates
   * @throws IllegalArgumentException if a coordinate is malformed, naming it
   * @throws ResolutionFailure if something could not be found or downloaded, naming what and where
   */
  public List<Path> resolve(List<String> coordinates) {
    if (coordinates.isEmpty()) {
      throw new IllegalArgumentException(
          "no coordinates given; use group:artifact:version, e.g. org.apache.commons:commons-math3:3.6.1");
    }
    List<Dependency> dependencies = new ArrayList<>();
    for (String coordinate : coordinates) {
      dependencies.add(new Dependency(parse(coordinate), JavaScopes.RUNTIME));
    }
    return resolve(dependencies, coordinates);
  }

  /**
   * Resolves {@code dependencies} (with their scopes, exclusions and optional flags, as a POM gives
   * them) with their compile and runtime dependencies.
   *
   * @return the jar files, the requested ones first, without duplicates
   * @throws ResolutionFailure if something could not be found or downloaded, naming what and where
   */
  public List<Path> resolveDependencies(List<Dependency> dependencies) {
    return resolve(
        dependencies,
        dependencies.stream().map(dependency -> dependency.getArtifact().toString()).toList());
  }

  /* coordinates: the dependencies as the user wrote them, for the failure's message */
  private List<Path> resolve(List<Dependency> dependencies, List<String> coordinates) {
    CollectRequest collect = new CollectRequest();
    dependencies.forEach(collect::addDependency);
    collect.setRepositories(new ArrayList<>(repositories.values()));
    DependencyRequest request =
        new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      return system.resolveDependencies(session, request).getArtifactResults().stream()
          .map(ArtifactResult::getArtifact)
          .map(Artifact::getPath)
          .distinct()
          .toList();
    } catch (DependencyResolutionException e) {
      throw new ResolutionFailure(describe(coordinates, e), e);
    }
  }

  private static Artifact parse(String coordinate) {
    try {
      return new DefaultArtifact(coordinate.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + coordinate
              + "' is not a Maven coordinate; use group:artifact:version, e.g."
              + " org.apache.commons:commons-math3:3.6.1",
          e);
    }
  }

  private String describe(List<String> coordinates, DependencyResolutionException e) {
    StringBuilder message =
        new StringBuilder("could not resolve ").append(String.join(", ", coordinates)).append(":");
    Throwable cause = e;
    List<String> reasons = new ArrayList<>();
    while (cause != null) {
      if (cause.getMessage() != null && !reasons.contains(cause.getMessage())) {
        reasons.add(cause.getMessage());
      }
      cause = cause.getCause();
    }
    // the innermost reason names the artifact and the repository; the outer ones add context
    message.append("\n  ").append(reasons.get(reasons.size() - 1));
    message.append("\n  searched: ").append(String.join(", ", repositories()));
    message.append("\n  add a repository with %mavenRepo ID URL, or check the coordinates");
    return message.toString();
  }

  @Override
  public void close() {
    session.close();
    system.shutdown();
  }

  /** Resolution failed; the message says which coordinates and which repositories. */
  public static final class ResolutionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResolutionFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
