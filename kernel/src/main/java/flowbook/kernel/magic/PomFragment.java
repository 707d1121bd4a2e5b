package flowbook.kernel.magic;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What {@code %loadFromPOM} reads from a POM or a fragment of one: repositories, and dependencies
 * by scope.
 *
 * @param repositories the {@code <repository>} elements, in order
 * @param dependencies the dependencies to resolve: scope compile, runtime or none
 * @param systemJars the {@code <systemPath>} of scope-system dependencies
 * @param skipped the dependencies left out, each as "group:artifact:version (scope S)"
 */
record PomFragment(
    List<Repository> repositories,
    List<Dependency> dependencies,
    List<Path> systemJars,
    List<String> skipped) {

  /** A repository: its id and URL. */
  record Repository(String id, String url) {}

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  /**
   * Reads a whole {@code <project>} or a fragment: {@code <dependencies>}, {@code <dependency>},
   * {@code <repositories>}, {@code <repository>} elements one after another.
   *
   * @throws IllegalArgumentException if it is not XML, or a dependency lacks a groupId, artifactId
   *     or version, saying which
   */
  static PomFragment parse(String xml) {
    Element root = document(xml);
    Element project = child(root, "project");
    if (project == null) {
      project = root; // a fragment, wrapped below
    }
    Map<String, String> properties = new HashMap<>();
    Element propertyElement = child(project, "properties");
    if (propertyElement != null) {
      for (Element property : children(propertyElement, null)) {
        properties.put(property.getTagName(), property.getTextContent().strip());
      }
    }
    String projectVersion = text(project, "version");
    if (projectVersion != null) {
      properties.put("project.version", projectVersion);
    }
    Map<String, String> managedVersions = new HashMap<>();
    Element management = child(project, "dependencyManagement");
    if (management != null && child(management, "dependencies") != null) {
      for (Element managed : children(child(management, "dependencies"), "dependency")) {
        String version = text(managed, "version");
        if (version != null) {
          managedVersions.put(
              text(managed, "groupId") + ":" + text(managed, "artifactId"),
              interpolate(version, properties));
        }
      }
    }
    List<Repository> repositories = new ArrayList<>();
    for (Element repository : grouped(project, "repositories", "repository")) {
      String id = interpolate(text(repository, "id"), properties);
      String url = interpolate(text(repository, "url"), properties);
      if (url == null) {
        throw new IllegalArgumentException("a <repository> has no <url>");
      }
      repositories.add(new Repository(id == null ? "repository-" + repositories.size() : id, url));
    }
    List<Dependency> dependencies = new ArrayList<>();
    List<Path> systemJars = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Element dependency : grouped(project, "dependencies", "dependency")) {
      String group = interpolate(text(dependency, "groupId"), properties);
      String artifact = interpolate(text(dependency, "artifactId"), properties);
      if (group == null || artifact == null) {
        throw new IllegalArgumentException("a <dependency> needs a <groupId> and an <artifactId>");
      }
      String version = interpolate(text(dependency, "version"), properties);
      if (version == null) {
        version = managedVersions.get(group + ":" + artifact);
      }
      if (version == null) {
        throw new IllegalArgumentException(
            "the <dependency> "
                + group
                + ":"
                + artifact
                + " has no <version> (and no <dependencyManagement> gives one); add one");
      }
      String scope = interpolate(text(dependency, "scope"), properties);
      scope = scope == null ? "compile" : scope;
      String coordinate = group + ":" + artifact + ":" + version;
      switch (scope) {
        case "compile", "runtime" -> {
          String type = text(dependency, "type");
          String extension = type == null || !type.equals("pom") ? "jar" : "pom";
          String classifier = text(dependency, "classifier");
          List<Exclusion> exclusions = new ArrayList<>();
          Element exclusionsElement = child(dependency, "exclusions");
          if (exclusionsElement != null) {
            for (Element exclusion : children(exclusionsElement, "exclusion")) {
              exclusions.add(
                  new Exclusion(
                      text(exclusion, "groupId"), text(exclusion, "artifactId"), "*", "*"));
            }
          }
          dependencies.add(
              new Dependency(
                  new DefaultArtifact(
                      group, artifact, classifier == null ? "" : classifier, extension, version),
                  scope,
                  "true".equals(text(dependency, "optional")),
                  exclusions));
        }
        case "system" -> {
          String systemPath = interpolate(text(dependency, "systemPath"), properties);
          if (systemPath == null) {
            throw new IllegalArgumentException(
                "the system-scope <dependency> " + coordinate + " has no <systemPath>");
          }
          systemJars.add(Path.of(systemPath));
        }
        default -> skipped.add(coordinate + " (scope " + scope + ")");
      }
    }
    return new PomFragment(repositories, dependencies, systemJars, skipped);
  }

  /* A fragment may have several top-level elements; a wrapper makes any of it one document. */
  private static Element document(String xml) {
    String body = xml.strip().replaceFirst("^<\\?xml[^>]*\\?>", "");
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory
          .newDocumentBuilder()
          .parse(new InputSource(new StringReader("<fragment>" + body + "</fragment>")))
          .getDocumentElement();
    } catch (SAXException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    } catch (ParserConfigurationException | IOException e) {
      throw new IllegalStateException("cannot start the XML parser", e);
    }
  }

  /** The {@code item}s directly in {@code parent} and in its {@code group} elements. */
  private static List<Element> grouped(Element parent, String group, String item) {
    List<Element> found = new ArrayList<>(children(parent, item));
    for (Element groupElement : children(parent, group)) {
      found.addAll(children(groupElement, item));
    }
    return found;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
        found.add(element);
      }
    }
    return found;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().strip();
  }

  private static String interpolate(String value, Map<String, String> properties) {
    if (value == null) {
      return null;
    }
    Matcher matcher = PROPERTY.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = properties.getOrDefault(name, System.getProperty(name));
      if (replacement == null) {
        throw new IllegalArgumentException(
            "${" + name + "} is not defined; add it to <properties> or write the value");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
