package flowbook.kernel.magic;

import flowbook.kernel.exec.CellRunner;
import java.util.List;
import java.util.Objects;

/**
 * The notebook functions IJava and JJava put in scope, with their signatures, which every cell has
 * too ({@code import static flowbook.kernel.magic.Notebook.*}): {@code lineMagic}, {@code
 * cellMagic}, {@code eval}, {@code printf}.
 *
 * <p>They act on the session of the running kernel, from the cell's thread or any thread it
 * started; outside a running cell (before the first one, from a thread of no cell) they throw an
 * {@link IllegalStateException} saying so.
 */
public final class Notebook {
  private static volatile Magics magics; // the running kernel's; null when there is none
  private static volatile CellRunner runner;
  // magics notebooks register through the kernel handle, basekernel's registry as IJava's
  private static final io.github.spencerpark.jupyter.kernel.magic.registry.Magics REGISTERED =
      new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();

  private Notebook() {}

  static void attach(Magics kernelMagics, CellRunner kernelRunner) {
    runner = kernelRunner;
    magics = kernelMagics;
  }

  static void detach(Magics kernelMagics) {
    if (magics == kernelMagics) {
      magics = null;
      runner = null;
    }
  }

  /**
   * Runs line magic {@code name} with {@code args} (each one word, as IJava passes them) and
   * returns what it returns: the jar paths for {@code %maven}, {@code %jars}, {@code %classpath},
   * {@code %loadFromPOM}; null for magics that only print. {@code lineMagic("maven",
   * List.of("g:a:1"))} is {@code %maven g:a:1}.
   *
   * @throws MagicError if there is no such magic or it failed, with its message
   */
  public static <T> T lineMagic(String name, List<String> args) {
    return call(false, name, join(args), "");
  }

  /**
   * Runs cell magic {@code name} with {@code args} and {@code body} (the cell below {@code %%name})
   * and returns what it returns. Cell magics that run the body as a cell of its own ({@code
   * %%time}) cannot run from code: the error says so.
   *
   * @throws MagicError if there is no such magic or it failed, with its message
   */
  public static <T> T cellMagic(String name, List<String> args, String body) {
    return call(true, name, join(args), Objects.requireNonNull(body, "body"));
  }

  /**
   * What the kernel writes for a magic used inside code ({@code List<String> jars = %jars
   * lib/*.jar}): runs line magic {@code name} with its arguments as written.
   *
   * @throws MagicError if there is no such magic or it failed, with its message
   */
  public static <T> T inlineMagic(String name, String arguments) {
    return call(false, name, arguments, "");
  }

  /**
   * Evaluates {@code code} in the session, as a cell would (what it declares stays), and returns
   * the value of its last expression, or null when it ends in a declaration or statement. Output
   * goes to the calling cell.
   *
   * @throws IllegalArgumentException if the code does not compile, with the compiler's message
   * @throws Exception what the code threw, unchanged
   */
  public static Object eval(String code) throws Exception {
    Objects.requireNonNull(code, "eval(null): pass the code to run");
    return session().evaluate(code);
  }

  /**
   * The kernel handle IJava's {@code IJava.getKernelInstance()} returns, under JJava's name: {@code
   * kernel().getRenderer()}, {@code kernel().getMagics()}, {@code kernel().evalRaw(code)}.
   */
  public static io.github.spencerpark.ijava.JavaKernel kernel() {
    return io.github.spencerpark.ijava.IJava.getKernelInstance();
  }

  /** The registry of magics notebooks add; {@code %name} looks there after Flowbook's own. */
  public static io.github.spencerpark.jupyter.kernel.magic.registry.Magics registeredMagics() {
    return REGISTERED;
  }

  /** {@code System.out.printf(format, args)}, as IJava and JJava define it. */
  public static void printf(String format, Object... args) {
    System.out.printf(format, args);
  }

  @SuppressWarnings("unchecked") // as IJava's: the caller says what it expects
  private static <T> T call(boolean cellMagic, String name, String arguments, String body) {
    Magics current = magics;
    if (current == null) {
      throw new IllegalStateException("no Flowbook kernel is running in this JVM");
    }
    try {
      return (T) current.callFromCode(cellMagic, name, arguments, body);
    } catch (MagicException e) {
      throw new MagicError(e.errorName(), e.getMessage());
    }
  }

  private static CellRunner session() {
    CellRunner current = runner;
    if (current == null) {
      throw new IllegalStateException("no Flowbook kernel is running in this JVM");
    }
    return current;
  }

  /* IJava hands a magic its arguments as a list; ours read the line. A word with blanks is quoted
   * so that it stays one. */
  private static String join(List<String> args) {
    StringBuilder line = new StringBuilder();
    for (String arg : Objects.requireNonNull(args, "args: pass List.of() for none")) {
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(arg.isEmpty() || arg.matches(".*\\s.*") ? "\"" + arg + "\"" : arg);
    }
    return line.toString();
  }

  /** A magic called from code failed or does not exist; the message says why. */
  public static final class MagicError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorName;

    MagicError(String errorName, String message) {
      super(errorName + ": " + message);
      this.errorName = errorName;
    }

    /** The kind of failure, as a cell shows it ({@code UsageError}, {@code FileNotFound}, ...). */
    public String errorName() {
      return errorName;
    }
  }
}
