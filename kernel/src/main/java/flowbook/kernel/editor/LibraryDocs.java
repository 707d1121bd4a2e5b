package flowbook.kernel.editor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The doc comments of the library ({@code flowbook.asyncgen}) and of the display API, for {@code
 * inspect}: JShell reads Javadoc only from the JDK's {@code src.zip}, so the kernel jar carries
 * these packages' sources (under {@value #SOURCES}, see kernel/pom.xml) and this class reads the
 * comments from them.
 *
 * <ul>
 *   <li>{@link #comment(String)} takes a signature as JShell prints it ({@code AsyncGenerator<R>
 *       AsyncGenerator<T>.<R>map(ThrowingFunction<? super T, ? extends R> f)}) and finds the
 *       declaration by class, name and erased parameter types.
 *   <li>A source file is parsed (not compiled) the first time one of its members is asked for; the
 *       comments are kept for the session.
 *   <li>Anything not found, or a source that does not parse, gives empty: inspect then shows the
 *       signature alone, as before.
 * </ul>
 */
final class LibraryDocs {
  /** Where the sources sit in the jar; a name that is no Java package, so javac never sees them. */
  static final String SOURCES = "flowbook/kernel/editor/library-sources/";

  private static final List<String> PACKAGES =
      List.of("flowbook/asyncgen/", "flowbook/kernel/display/");
  private static final Pattern TYPE_ARGUMENTS = Pattern.compile("<[^<>]*>");
  private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?\\s*");

  /** Top-level class name to its comments by key (see {@link #key}); empty for no source. */
  private final Map<String, Map<String, String>> commentsByFile = new ConcurrentHashMap<>();

  /**
   * The raw doc comment of the declaration JShell's {@code signature} names, if the library has it.
   */
  Optional<String> comment(String signature) {
    Optional<Member> member = Member.parse(signature);
    if (member.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> comments =
        commentsByFile.computeIfAbsent(member.get().topLevelClass(), LibraryDocs::readComments);
    return Optional.ofNullable(comments.get(member.get().key()));
  }

  /** A declaration: its class's simple name, its own name (null for the class), its parameters. */
  record Member(String topLevelClass, String className, String name, List<String> parameters) {
    String key() {
      return LibraryDocs.key(className, name, parameters);
    }

    /**
     * Reads JShell's signature formats: {@code pkg.Type<T>} (a type), {@code Type.FIELD:int} (a
     * field), {@code [<T>]Return Type<T>.[<R>]name(P p, ...)[ throws X]} (a method) and {@code [<T>
     * ]Type<T>(P p, ...)} (a constructor).
     */
    static Optional<Member> parse(String signature) {
      String text = signature.strip();
      int open = text.indexOf('(');
      String head = eraseTypeArguments(open < 0 ? text : text.substring(0, open)).strip();
      List<String> parameters = null;
      if (open >= 0) {
        int close = text.lastIndexOf(')');
        if (close < open) {
          return Optional.empty();
        }
        parameters = parameterTypes(text.substring(open + 1, close));
      }
      int colon = head.indexOf(':');
      if (colon >= 0) {
        head = head.substring(0, colon); // a field: Type.NAME:type
      }
      String[] words = head.split("\\s+");
      List<String> path = List.of(words[words.length - 1].split("\\."));
      boolean member = colon >= 0 || (parameters != null && words.length > 1);
      boolean constructor = parameters != null && words.length == 1;
      List<String> classPath = member ? path.subList(0, path.size() - 1) : path;
      String topLevel = classPath.stream().filter(LibraryDocs::isTypeName).findFirst().orElse(null);
      if (topLevel == null || classPath.isEmpty()) {
        return Optional.empty();
      }
      String className = classPath.get(classPath.size() - 1);
      String name = member ? path.get(path.size() - 1) : constructor ? className : null;
      return Optional.of(new Member(topLevel, className, name, parameters));
    }
  }

  static String key(String className, String name, List<String> parameters) {
    return className
        + (name == null ? "" : "#" + name)
        + (parameters == null ? "" : "(" + String.join(",", parameters) + ")");
  }

  /**
   * Erased simple type names of a parameter list: {@code Flow.Publisher<? extends T>... s} is
   * {@code Publisher[]}.
   */
  private static List<String> parameterTypes(String list) {
    List<String> types = new ArrayList<>();
    String erased = eraseTypeArguments(list);
    if (erased.isBlank()) {
      return types;
    }
    for (String parameter : erased.split(",")) {
      String declaration =
          ANNOTATION.matcher(parameter.strip()).replaceAll("").replace("final ", "");
      int space = declaration.lastIndexOf(' ');
      String type = space < 0 ? declaration : declaration.substring(0, space); // JShell names them
      types.add(simpleType(type));
    }
    return types;
  }

  private static String simpleType(String type) {
    String compact = type.replace("...", "[]").replaceAll("\\s+", "");
    int bracket = compact.indexOf('[');
    String base = bracket < 0 ? compact : compact.substring(0, bracket);
    String dims = bracket < 0 ? "" : compact.substring(bracket);
    return base.substring(base.lastIndexOf('.') + 1) + dims;
  }

  private static String eraseTypeArguments(String text) {
    String previous;
    String current = text;
    do {
      previous = current;
      current = TYPE_ARGUMENTS.matcher(previous).replaceAll("");
    } while (!current.equals(previous));
    return current;
  }

  private static boolean isTypeName(String segment) {
    return !segment.isEmpty() && Character.isUpperCase(segment.charAt(0));
  }

  private static Map<String, String> readComments(String topLevelClass) {
    for (String pkg : PACKAGES) {
      String resource = SOURCES + pkg + topLevelClass + ".java";
      try (InputStream in = LibraryDocs.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          return parseComments(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource + " from the kernel jar", e);
      }
    }
    return Map.of();
  }

  /** Every documented class, method, constructor and field of one source, by {@link #key}. */
  static Map<String, String> parseComments(String name, String source) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      return Map.of(); // a JRE without jdk.compiler: JShell would not run either
    }
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///" + name), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    JavacTask task =
        (JavacTask)
            compiler.getTask(
                null, null, diagnostic -> {}, List.of("-proc:none"), null, List.of(file));
    Map<String, String> comments = new HashMap<>();
    try {
      Trees trees = Trees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Void>() {
          @Override
          public Void visitClass(ClassTree tree, Void unused) {
            note(key(tree.getSimpleName().toString(), null, null));
            return super.visitClass(tree, unused);
          }

          @Override
          public Void visitMethod(MethodTree tree, Void unused) {
            String className = enclosingClass();
            String name =
                tree.getName().contentEquals("<init>") ? className : tree.getName().toString();
            List<String> parameters = new ArrayList<>();
            for (VariableTree parameter : tree.getParameters()) {
              parameters.add(simpleType(eraseTypeArguments(parameter.getType().toString())));
            }
            note(key(className, name, parameters));
            return null; // nothing documented inside a method body
          }

          @Override
          public Void visitVariable(VariableTree tree, Void unused) {
            if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
              note(key(enclosingClass(), tree.getName().toString(), null));
            }
            return null;
          }

          private String enclosingClass() {
            for (TreePath path = getCurrentPath().getParentPath();
                path != null;
                path = path.getParentPath()) {
              Tree leaf = path.getLeaf();
              if (leaf instanceof ClassTree type) {
                return type.getSimpleName().toString();
              }
            }
            return "";
          }

          private void note(String key) {
            String comment = trees.getDocComment(getCurrentPath());
            if (comment != null && !comment.isBlank()) {
              comments.putIfAbsent(key, comment);
            }
          }
        }.scan(unit, null);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of(); // a source this javac cannot parse: signatures only, as without sources
    }
    return comments;
  }
}
